from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'macros.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_image = l_0_button = l_0_contact_sentence = l_0_website_and_social = l_0_byline = l_0_quote = missing
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    def macro(l_1_img, l_1_max_width, l_1_class):
        t_3 = []
        l_1_widths = resolve('widths')
        l_1_picture = resolve('picture')
        l_1_shown = missing
        if l_1_img is missing:
            l_1_img = undefined("parameter 'img' was not provided", name='img')
        if l_1_max_width is missing:
            l_1_max_width = environment.getattr((undefined(name='widths') if l_1_widths is missing else l_1_widths), 'column')
        if l_1_class is missing:
            l_1_class = 'image'
        pass
        l_1_shown = context.call((undefined(name='picture') if l_1_picture is missing else l_1_picture), l_1_img, l_1_max_width)
        t_3.extend((
            '<img class="',
            escape(l_1_class),
            '" src="',
            escape(environment.getattr((undefined(name='shown') if l_1_shown is missing else l_1_shown), 'src')),
            '" alt="',
            escape(environment.getattr((undefined(name='shown') if l_1_shown is missing else l_1_shown), 'alt')),
            '" width="',
            escape(environment.getattr((undefined(name='shown') if l_1_shown is missing else l_1_shown), 'width')),
            '"',
        ))
        if environment.getattr((undefined(name='shown') if l_1_shown is missing else l_1_shown), 'height'):
            pass
            t_3.extend((
                ' height="',
                escape(environment.getattr((undefined(name='shown') if l_1_shown is missing else l_1_shown), 'height')),
                '"',
            ))
        t_3.extend((
            ' style="width: 100%; max-width: ',
            escape(environment.getattr((undefined(name='shown') if l_1_shown is missing else l_1_shown), 'width')),
            'px;">',
        ))
        return concat(t_3)
    context.exported_vars.add('image')
    context.vars['image'] = l_0_image = Macro(environment, macro, 'image', ('img', 'max_width', 'class'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_link):
        t_4 = []
        l_1_palette = resolve('palette')
        if l_1_link is missing:
            l_1_link = undefined("parameter 'link' was not provided", name='link')
        pass
        t_4.extend((
            '<table role="presentation" class="button" cellpadding="0" cellspacing="0" border="0">\n<tr><td class="button-cell" bgcolor="',
            escape(environment.getattr((undefined(name='palette') if l_1_palette is missing else l_1_palette), 'accent')),
            '"><a class="button-link" href="',
            escape(environment.getattr(l_1_link, 'url')),
            '">',
            escape(environment.getattr(l_1_link, 'text')),
            '</a></td></tr>\n</table>',
        ))
        return concat(t_4)
    context.exported_vars.add('button')
    context.vars['button'] = l_0_button = Macro(environment, macro, 'button', ('link',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_contact, l_1__):
        t_5 = []
        if l_1_contact is missing:
            l_1_contact = undefined("parameter 'contact' was not provided", name='contact')
        if l_1__ is missing:
            l_1__ = undefined("parameter '_' was not provided", name='_')
        pass
        if (environment.getattr(l_1_contact, 'email') and environment.getattr(l_1_contact, 'phone')):
            pass
            t_5.append(
                escape(t_1(context.call(l_1__, 'Email or phone %(name)s'), name=environment.getattr(l_1_contact, 'name'))),
            )
        elif environment.getattr(l_1_contact, 'email'):
            pass
            t_5.append(
                escape(t_1(context.call(l_1__, 'Email %(name)s'), name=environment.getattr(l_1_contact, 'name'))),
            )
        elif environment.getattr(l_1_contact, 'phone'):
            pass
            t_5.append(
                escape(t_1(context.call(l_1__, 'Phone %(name)s'), name=environment.getattr(l_1_contact, 'name'))),
            )
        else:
            pass
            t_5.append(
                escape(t_1(context.call(l_1__, 'Contact %(name)s'), name=environment.getattr(l_1_contact, 'name'))),
            )
        if environment.getattr(l_1_contact, 'purpose'):
            pass
            t_5.extend((
                ' ',
                escape(environment.getattr(l_1_contact, 'purpose')),
            ))
        return concat(t_5)
    context.exported_vars.add('contact_sentence')
    context.vars['contact_sentence'] = l_0_contact_sentence = Macro(environment, macro, 'contact_sentence', ('contact', '_'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_editions):
        t_6 = []
        l_1_newsletter = resolve('newsletter')
        l_1_social = resolve('social')
        if l_1_editions is missing:
            l_1_editions = undefined("parameter 'editions' was not provided", name='editions')
        pass
        t_6.extend((
            '<p',
            escape(environment.getattr(environment.getitem(l_1_editions, 0), 'lang_attribute')),
            '>\n',
        ))
        if environment.getattr((undefined(name='newsletter') if l_1_newsletter is missing else l_1_newsletter), 'website'):
            pass
            l_2_loop = missing
            for l_2_e, l_2_loop in LoopContext(l_1_editions, undefined):
                l_2__ = missing
                _loop_vars = {}
                pass
                l_2__ = environment.getattr(l_2_e, 'gettext')
                _loop_vars['_'] = l_2__
                if environment.getattr(l_2_loop, 'first'):
                    pass
                    t_6.append(
                        escape(context.call((undefined(name='_') if l_2__ is missing else l_2__), 'Website', _loop_vars=_loop_vars)),
                    )
                else:
                    pass
                    t_6.extend((
                        ' / <span',
                        escape(environment.getattr(l_2_e, 'lang_attribute')),
                        '>',
                        escape(context.call((undefined(name='_') if l_2__ is missing else l_2__), 'Website', _loop_vars=_loop_vars)),
                        '</span>',
                    ))
            l_2_loop = l_2_e = l_2__ = missing
            t_6.extend((
                ': <a href="',
                escape(environment.getattr((undefined(name='newsletter') if l_1_newsletter is missing else l_1_newsletter), 'website')),
                '">',
                escape(environment.getattr((undefined(name='newsletter') if l_1_newsletter is missing else l_1_newsletter), 'website')),
                '</a><br>',
            ))
        l_2_loop = missing
        for l_2_account, l_2_loop in LoopContext((undefined(name='social') if l_1_social is missing else l_1_social), undefined):
            _loop_vars = {}
            pass
            t_6.extend((
                escape(environment.getattr(l_2_account, 'label')),
                ': <a href="',
                escape(environment.getattr(l_2_account, 'url')),
                '">',
                escape(environment.getattr(l_2_account, 'shown')),
                '</a>',
            ))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_6.append(
                    '<br>',
                )
        l_2_loop = l_2_account = missing
        t_6.append(
            '</p>',
        )
        return concat(t_6)
    context.exported_vars.add('website_and_social')
    context.vars['website_and_social'] = l_0_website_and_social = Macro(environment, macro, 'website_and_social', ('editions',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_item, l_1_date):
        t_7 = []
        if l_1_item is missing:
            l_1_item = undefined("parameter 'item' was not provided", name='item')
        if l_1_date is missing:
            l_1_date = undefined("parameter 'date' was not provided", name='date')
        pass
        if (environment.getattr(l_1_item, 'byline') or environment.getattr(l_1_item, 'date')):
            pass
            t_7.extend((
                '<p class="byline">',
                escape((environment.getattr(l_1_item, 'byline') or '')),
            ))
            if (environment.getattr(l_1_item, 'byline') and environment.getattr(l_1_item, 'date')):
                pass
                t_7.append(
                    ' &middot; ',
                )
            if environment.getattr(l_1_item, 'date'):
                pass
                t_7.append(
                    escape(context.call(l_1_date, environment.getattr(l_1_item, 'date'))),
                )
            t_7.append(
                '</p>\n',
            )
        return concat(t_7)
    context.exported_vars.add('byline')
    context.vars['byline'] = l_0_byline = Macro(environment, macro, 'byline', ('item', 'date'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_q):
        t_8 = []
        l_1_palette = resolve('palette')
        if l_1_q is missing:
            l_1_q = undefined("parameter 'q' was not provided", name='q')
        pass
        t_8.extend((
            '<table role="presentation" class="quote" width="100%" cellpadding="0" cellspacing="0" border="0">\n<tr><td class="quote-bar" width="4" bgcolor="',
            escape(environment.getattr((undefined(name='palette') if l_1_palette is missing else l_1_palette), 'accent')),
            '">&nbsp;</td><td class="quote-text"><blockquote>',
            escape(t_2(environment.getattr(l_1_q, 'text'))),
            '</blockquote></td></tr>\n</table>\n',
        ))
        if environment.getattr(l_1_q, 'by'):
            pass
            t_8.extend((
                '<p class="quote-by">&mdash; ',
                escape(environment.getattr(l_1_q, 'by')),
                '</p>',
            ))
        return concat(t_8)
    context.exported_vars.add('quote')
    context.vars['quote'] = l_0_quote = Macro(environment, macro, 'quote', ('q',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '6=24&7=36&8=39&15=63&17=71&23=81&24=88&28=91&29=93&31=96&32=98&34=101&37=106&38=108&43=117&44=126&46=129&47=161&48=165&53=185&54=192&55=196&61=214&63=222&65=227'