from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/standard.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_section = resolve('section')
    l_0_ui = missing
    try:
        t_1 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    l_0_ui = context.vars['ui'] = environment.get_template('macros.html.j2', 'sections/standard.html.j2').make_module(context.get_all(), True, {'ui': l_0_ui})
    context.exported_vars.discard('ui')
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body'):
        pass
        yield escape(t_1(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body')))
    for l_1_item in environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'items'):
        l_1_e = resolve('e')
        _loop_vars = {}
        pass
        yield '<div class="item">\n'
        if environment.getattr(l_1_item, 'title'):
            pass
            yield '<h3>'
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
            yield '</h3>\n'
        yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'byline'), l_1_item, environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'date'), _loop_vars=_loop_vars))
        yield '\n'
        if environment.getattr(l_1_item, 'image'):
            pass
            yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'image'), environment.getattr(l_1_item, 'image'), _loop_vars=_loop_vars))
        if environment.getattr(l_1_item, 'body'):
            pass
            yield escape(t_1(environment.getattr(l_1_item, 'body')))
        if environment.getattr(l_1_item, 'quote'):
            pass
            yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'quote'), environment.getattr(l_1_item, 'quote'), _loop_vars=_loop_vars))
        for l_2_link in environment.getattr(l_1_item, 'calls_to_action'):
            _loop_vars = {}
            pass
            yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'button'), l_2_link, _loop_vars=_loop_vars))
        l_2_link = missing
        yield '</div>\n'
    l_1_item = l_1_e = missing
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after'):
        pass
        yield escape(t_1(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after')))

blocks = {}
debug_info = '2=19&3=21&4=24&6=29&7=32&9=43&10=45&11=48&12=51&13=54&16=61'