from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/standard.txt.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_section = resolve('section')
    try:
        t_1 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_4 = environment.filters['select']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'select' found.")
    try:
        t_5 = environment.filters['text_markdown']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'text_markdown' found.")
    try:
        t_6 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body'):
        pass
        yield str(t_5(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body')))
        yield '\n\n'
    for l_1_item in environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'items'):
        l_1_text_heading = resolve('text_heading')
        l_1_e = resolve('e')
        _loop_vars = {}
        pass
        if environment.getattr(l_1_item, 'title'):
            pass
            yield str(context.call((undefined(name='text_heading') if l_1_text_heading is missing else l_1_text_heading), str_join((environment.getattr(l_1_item, 'title'), (str_join((' (', environment.getattr(l_1_item, 'url'), ')', )) if environment.getattr(l_1_item, 'url') else ''), )), '~', _loop_vars=_loop_vars))
            yield '\n'
        if (environment.getattr(l_1_item, 'byline') or environment.getattr(l_1_item, 'date')):
            pass
            yield str(t_6(t_2(context.eval_ctx, t_4(context, [environment.getattr(l_1_item, 'byline'), (context.call(environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'date'), environment.getattr(l_1_item, 'date'), _loop_vars=_loop_vars) if environment.getattr(l_1_item, 'date') else None)]), ' · ')))
            yield '\n'
        if (environment.getattr(l_1_item, 'image') and (not environment.getattr(environment.getattr(l_1_item, 'image'), 'decorative'))):
            pass
            yield str(t_6(str_join(('[', environment.getattr(environment.getattr(l_1_item, 'image'), 'alt'), ']', ))))
            yield '\n'
        if environment.getattr(l_1_item, 'body'):
            pass
            yield '\n'
            yield str(t_5(environment.getattr(l_1_item, 'body')))
            yield '\n'
        if environment.getattr(l_1_item, 'quote'):
            pass
            yield '\n'
            yield str(t_3(context.eval_ctx, t_1(t_5(environment.getattr(environment.getattr(l_1_item, 'quote'), 'text'), 76), '> ', first=True), '\n\n', '\n>\n'))
            yield '\n'
            if environment.getattr(environment.getattr(l_1_item, 'quote'), 'by'):
                pass
                yield '>   – '
                yield str(environment.getattr(environment.getattr(l_1_item, 'quote'), 'by'))
                yield '\n'
        for l_2_link in environment.getattr(l_1_item, 'calls_to_action'):
            l_2_text_link = resolve('text_link')
            _loop_vars = {}
            pass
            yield '\n'
            yield str(t_6(context.call((undefined(name='text_link') if l_2_text_link is missing else l_2_text_link), environment.getattr(l_2_link, 'text'), environment.getattr(l_2_link, 'url'), _loop_vars=_loop_vars)))
            yield '\n'
        l_2_link = l_2_text_link = missing
        yield '\n'
    l_1_item = l_1_text_heading = l_1_e = missing
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after'):
        pass
        yield str(t_5(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after')))
        yield '\n'

blocks = {}
debug_info = '2=48&3=50&6=52&7=57&8=59&10=61&11=63&13=65&14=67&16=69&18=72&20=74&22=77&23=79&24=82&27=84&29=89&33=94&34=96'