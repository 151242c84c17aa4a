from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/list.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_section = resolve('section')
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
    try:
        t_3 = environment.filters['markdown_inline']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'markdown_inline' found.")
    pass
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body'):
        pass
        yield escape(t_2(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body')))
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'items'):
        pass
        yield '<ul>\n'
        for l_1_item in environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'items'):
            l_1__ = resolve('_')
            l_1_e = resolve('e')
            _loop_vars = {}
            pass
            yield '<li>'
            if environment.getattr(l_1_item, 'title'):
                pass
                yield '<strong>'
                if environment.getattr(l_1_item, 'url'):
                    pass
                    yield '<a href="'
                    yield escape(environment.getattr(l_1_item, 'url'))
                    yield '">'
                    yield escape(environment.getattr(l_1_item, 'title'))
                    yield '</a>'
                else:
                    pass
                    yield escape(environment.getattr(l_1_item, 'title'))
                yield '</strong>'
            if environment.getattr(l_1_item, 'byline'):
                pass
                yield ' '
                yield escape(t_1(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'by %(name)s', _loop_vars=_loop_vars), name=environment.getattr(l_1_item, 'byline')))
            if environment.getattr(l_1_item, 'date'):
                pass
                yield ' ('
                yield escape(context.call(environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'date'), environment.getattr(l_1_item, 'date'), _loop_vars=_loop_vars))
                yield ')'
            if environment.getattr(l_1_item, 'body'):
                pass
                if (environment.getattr(l_1_item, 'title') or environment.getattr(l_1_item, 'byline')):
                    pass
                    yield ': '
                yield escape(t_3(environment.getattr(l_1_item, 'body')))
            if environment.getattr(l_1_item, 'quote'):
                pass
                yield '<br><em>&ldquo;'
                yield escape(t_3(environment.getattr(environment.getattr(l_1_item, 'quote'), 'text')))
                yield '&rdquo;</em>'
                if environment.getattr(environment.getattr(l_1_item, 'quote'), 'by'):
                    pass
                    yield ' &mdash; '
                    yield escape(environment.getattr(environment.getattr(l_1_item, 'quote'), 'by'))
            for l_2_link in environment.getattr(l_1_item, 'calls_to_action'):
                _loop_vars = {}
                pass
                yield ' <a href="'
                yield escape(environment.getattr(l_2_link, 'url'))
                yield '">'
                yield escape(environment.getattr(l_2_link, 'text'))
                yield '</a>'
            l_2_link = missing
            yield '</li>\n'
        l_1_item = l_1__ = l_1_e = missing
        yield '</ul>\n'
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after'):
        pass
        yield escape(t_2(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after')))

blocks = {}
debug_info = '2=30&3=33&5=36&7=42&10=56&11=60&12=65&13=71&14=80&19=92'