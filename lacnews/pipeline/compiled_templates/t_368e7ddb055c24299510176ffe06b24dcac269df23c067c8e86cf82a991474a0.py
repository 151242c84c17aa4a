from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'email.txt.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield from context.blocks['top'][0](context)
    yield '\n\n'
    yield from context.blocks['masthead'][0](context)
    yield '\n\n'
    yield from context.blocks['intro'][0](context)
    yield '\n\n'
    yield from context.blocks['sections'][0](context)
    yield '\n\n'
    yield from context.blocks['contacts'][0](context)
    yield '\n\n'
    yield from context.blocks['footer'][0](context)

def block_top(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_editions = resolve('editions')
    l_0_other_editions = resolve('other_editions')
    try:
        t_1 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    for l_1_e in (undefined(name='editions') if l_0_editions is missing else l_0_editions):
        l_1__ = missing
        _loop_vars = {}
        pass
        l_1__ = environment.getattr(l_1_e, 'gettext')
        _loop_vars['_'] = l_1__
        if environment.getattr(environment.getattr(l_1_e, 'issue'), 'preheader'):
            pass
            yield str(t_1(environment.getattr(environment.getattr(l_1_e, 'issue'), 'preheader')))
            yield '\n\n'
        yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'View this email in your browser', _loop_vars=_loop_vars))
        yield ' (*|ARCHIVE|*)\n'
    l_1_e = l_1__ = missing
    for l_1_other in (undefined(name='other_editions') if l_0_other_editions is missing else l_0_other_editions):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_other, 'name'))
        yield ': '
        yield str(environment.getattr(l_1_other, 'address'))
        yield '\n'
    l_1_other = missing

def block_masthead(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_newsletter = resolve('newsletter')
    l_0_text_heading = resolve('text_heading')
    l_0_editions = resolve('editions')
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_4 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    try:
        t_1 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    if (environment.getattr(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'theme'), 'logo') and (not environment.getattr(environment.getattr(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'theme'), 'logo'), 'decorative'))):
        pass
        yield str(t_1(str_join(('[', environment.getattr(environment.getattr(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'theme'), 'logo'), 'alt'), ']', ))))
        yield '\n'
    yield str(context.call((undefined(name='text_heading') if l_0_text_heading is missing else l_0_text_heading), t_2(context.eval_ctx, t_4(environment, t_3(context, (undefined(name='editions') if l_0_editions is missing else l_0_editions), attribute='newsletter.name')), ' / '), '=', _block_vars=_block_vars))
    yield '\n'
    l_1_loop = missing
    for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
        _loop_vars = {}
        pass
        yield str(context.call(environment.getattr(l_1_e, 'date'), environment.getattr(environment.getattr(l_1_e, 'issue'), 'date'), _loop_vars=_loop_vars))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ' / '
    l_1_loop = l_1_e = missing
    yield '\n'

def block_intro(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_editions = resolve('editions')
    try:
        t_5 = environment.filters['text_markdown']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'text_markdown' found.")
    try:
        t_1 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    for l_1_e in (undefined(name='editions') if l_0_editions is missing else l_0_editions):
        l_1__ = missing
        _loop_vars = {}
        pass
        l_1__ = environment.getattr(l_1_e, 'gettext')
        _loop_vars['_'] = l_1__
        if environment.getattr(l_1_e, 'strapline'):
            pass
            yield str(t_5(environment.getattr(l_1_e, 'strapline')))
            yield '\n\n'
        if environment.getattr(environment.getattr(l_1_e, 'issue'), 'intro'):
            pass
            yield str(t_5(environment.getattr(environment.getattr(l_1_e, 'issue'), 'intro')))
            yield '\n\n'
        if environment.getattr(l_1_e, 'contents'):
            pass
            yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), "In this month's edition we'll be covering:", _loop_vars=_loop_vars))
            yield '\n\n'
            for (l_2_line, l_2_href) in environment.getattr(l_1_e, 'contents'):
                _loop_vars = {}
                pass
                yield str(t_1(l_2_line, first='* ', rest='  '))
                yield '\n'
            l_2_line = l_2_href = missing
            yield '\n'
    l_1_e = l_1__ = missing

def block_sections(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_range = resolve('range')
    l_0_issue = resolve('issue')
    try:
        t_6 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    for l_1_index in context.call((undefined(name='range') if l_0_range is missing else l_0_range), t_6(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'sections')), _block_vars=_block_vars):
        l_1_editions = resolve('editions')
        _loop_vars = {}
        pass
        for l_2_e in (undefined(name='editions') if l_1_editions is missing else l_1_editions):
            l_2_text_heading = resolve('text_heading')
            l_2__ = l_2_section = missing
            _loop_vars = {}
            pass
            l_2__ = environment.getattr(l_2_e, 'gettext')
            _loop_vars['_'] = l_2__
            l_2_section = environment.getitem(environment.getattr(environment.getattr(l_2_e, 'issue'), 'sections'), l_1_index)
            _loop_vars['section'] = l_2_section
            yield '\n\n'
            yield str(context.call((undefined(name='text_heading') if l_2_text_heading is missing else l_2_text_heading), environment.getattr((undefined(name='section') if l_2_section is missing else l_2_section), 'title'), '-', _loop_vars=_loop_vars))
            yield '\n\n'
            template = environment.get_or_select_template(str_join(('sections/', environment.getattr((undefined(name='section') if l_2_section is missing else l_2_section), 'layout'), '.txt.j2', )), 'email.txt.j2')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {'_': l_2__, 'e': l_2_e, 'section': l_2_section, 'index': l_1_index}))
            try:
                for event in gen:
                    yield event
            finally: gen.close()
        l_2_e = l_2__ = l_2_section = l_2_text_heading = missing
    l_1_index = l_1_editions = missing

def block_contacts(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_newsletter = resolve('newsletter')
    l_0_social = resolve('social')
    l_0_editions = resolve('editions')
    try:
        t_7 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_1 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    if ((environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'contacts') or environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'website')) or (undefined(name='social') if l_0_social is missing else l_0_social)):
        pass
        for l_1_e in (undefined(name='editions') if l_0_editions is missing else l_0_editions):
            l_1_text_heading = resolve('text_heading')
            l_1__ = missing
            _loop_vars = {}
            pass
            l_1__ = environment.getattr(l_1_e, 'gettext')
            _loop_vars['_'] = l_1__
            yield '\n\n'
            yield str(context.call((undefined(name='text_heading') if l_1_text_heading is missing else l_1_text_heading), context.call((undefined(name='_') if l_1__ is missing else l_1__), 'How to get in touch', _loop_vars=_loop_vars), '-', _loop_vars=_loop_vars))
            yield '\n\n'
            for l_2_contact in environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'contacts'):
                l_2_how = missing
                _loop_vars = {}
                pass
                l_2_how = (context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Email or phone %(name)s', _loop_vars=_loop_vars) if (environment.getattr(l_2_contact, 'email') and environment.getattr(l_2_contact, 'phone')) else (context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Email %(name)s', _loop_vars=_loop_vars) if environment.getattr(l_2_contact, 'email') else (context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Phone %(name)s', _loop_vars=_loop_vars) if environment.getattr(l_2_contact, 'phone') else context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Contact %(name)s', _loop_vars=_loop_vars))))
                _loop_vars['how'] = l_2_how
                yield str(t_1(str_join((t_7((undefined(name='how') if l_2_how is missing else l_2_how), name=environment.getattr(l_2_contact, 'name')), (str_join((' ', environment.getattr(l_2_contact, 'purpose'), )) if environment.getattr(l_2_contact, 'purpose') else ''), ':', ))))
                yield '\n'
                if environment.getattr(l_2_contact, 'email'):
                    pass
                    yield str(environment.getattr(l_2_contact, 'email'))
                    yield '\n'
                if environment.getattr(l_2_contact, 'phone'):
                    pass
                    yield str(environment.getattr(l_2_contact, 'phone'))
                    yield '\n'
                yield '\n'
            l_2_contact = l_2_how = missing
        l_1_e = l_1__ = l_1_text_heading = missing
        if environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'website'):
            pass
            l_1_loop = missing
            for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
                l_1__ = missing
                _loop_vars = {}
                pass
                l_1__ = environment.getattr(l_1_e, 'gettext')
                _loop_vars['_'] = l_1__
                yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Website', _loop_vars=_loop_vars))
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield ' / '
            l_1_loop = l_1_e = l_1__ = missing
            yield ': '
            yield str(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'website'))
            yield '\n'
        for l_1_account in (undefined(name='social') if l_0_social is missing else l_0_social):
            _loop_vars = {}
            pass
            yield str(environment.getattr(l_1_account, 'label'))
            yield ': '
            yield str(environment.getattr(l_1_account, 'shown'))
            yield ' ('
            yield str(environment.getattr(l_1_account, 'url'))
            yield ')\n'
        l_1_account = missing

def block_footer(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_editions = resolve('editions')
    try:
        t_7 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_5 = environment.filters['text_markdown']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'text_markdown' found.")
    try:
        t_1 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    yield '\n------------------------------------------------------------------------------\n'
    for l_1_e in (undefined(name='editions') if l_0_editions is missing else l_0_editions):
        l_1_copyright_year = resolve('copyright_year')
        l_1__ = l_1_sender = missing
        _loop_vars = {}
        pass
        l_1__ = environment.getattr(l_1_e, 'gettext')
        _loop_vars['_'] = l_1__
        l_1_sender = environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'sender')
        _loop_vars['sender'] = l_1_sender
        yield '\n'
        if environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'share_text'):
            pass
            yield str(t_1(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'share_text')))
            yield '\n\n'
        if environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'signup_url'):
            pass
            yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Forwarded this email?', _loop_vars=_loop_vars))
            yield ' '
            yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Sign up to receive this directly', _loop_vars=_loop_vars))
            yield ':\n'
            yield str(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'signup_url'))
            yield '\n\n'
        if environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'statement'):
            pass
            yield str(t_5(environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'statement')))
            yield '\n\n'
        if environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'correspondence'):
            pass
            yield str(t_5(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'correspondence')))
            yield '\n\n'
        yield str(t_1(t_7(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Copyright © %(year)s %(organisation)s, all rights reserved.', _loop_vars=_loop_vars), year=(undefined(name='copyright_year') if l_1_copyright_year is missing else l_1_copyright_year), organisation=environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'organisation'))))
        yield '\n\n'
        yield str(t_7(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'This email was sent by %(name)s.', _loop_vars=_loop_vars), name=environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'name')))
        yield '\n'
        yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Our mailing address is:', _loop_vars=_loop_vars))
        yield '\n'
        yield str(t_1(environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'address')))
        yield '\n\n'
        yield str(t_1(t_7(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'You are receiving this email at %(email)s because you subscribed to %(newsletter)s.', _loop_vars=_loop_vars), email='*|EMAIL|*', newsletter=environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'name'))))
        yield '\n'
        yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Why did I get this?', _loop_vars=_loop_vars))
        yield ' (*|ABOUT_LIST|*)\n'
        yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'View this email in your browser', _loop_vars=_loop_vars))
        yield ' (*|ARCHIVE|*)\n'
        yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Forward to a friend', _loop_vars=_loop_vars))
        yield ' (*|FORWARD|*)\n'
        yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Update your preferences', _loop_vars=_loop_vars))
        yield ' (*|UPDATE_PROFILE|*)\n'
        yield str(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Unsubscribe', _loop_vars=_loop_vars))
        yield ' (*|UNSUB|*)\n'
    l_1_e = l_1__ = l_1_sender = l_1_copyright_year = missing
    yield '\n*|REWARDS_TEXT|*\n'

blocks = {'top': block_top, 'masthead': block_masthead, 'intro': block_intro, 'sections': block_sections, 'contacts': block_contacts, 'footer': block_footer}
debug_info = '4=11&18=13&28=15&50=17&63=19&93=21&4=23&5=39&6=45&7=47&10=49&12=52&13=55&18=61&19=96&20=98&22=100&23=103&28=113&29=134&30=140&31=142&34=144&35=146&38=148&39=150&41=152&42=155&50=161&51=177&52=181&55=191&57=193&63=202&64=225&65=227&68=235&70=237&71=241&72=243&73=245&74=247&76=249&77=251&83=256&84=259&86=273&87=276&93=284&96=312&98=322&99=324&102=326&103=328&104=332&107=334&108=336&111=338&112=340&115=342&119=344&120=346&121=348&123=350&124=352&125=354&126=356&127=358&128=360'