from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/list.txt.j2'

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
        t_2 = environment.filters['text_inline']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'text_inline' found.")
    try:
        t_3 = environment.filters['text_markdown']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'text_markdown' found.")
    try:
        t_4 = environment.filters['wrap']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'wrap' found.")
    pass
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body'):
        pass
        yield str(t_3(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'body')))
        yield '\n\n'
    for l_1_item in environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'items'):
        l_1_namespace = resolve('namespace')
        l_1__ = resolve('_')
        l_1_e = resolve('e')
        l_1_entry = missing
        _loop_vars = {}
        pass
        l_1_entry = context.call((undefined(name='namespace') if l_1_namespace is missing else l_1_namespace), line=(environment.getattr(l_1_item, 'title') or ''), _loop_vars=_loop_vars)
        _loop_vars['entry'] = l_1_entry
        if environment.getattr(l_1_item, 'byline'):
            pass
            if not isinstance(l_1_entry, Namespace):
                raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
            l_1_entry['line'] = str_join((environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line'), ' ', t_1(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'by %(name)s', _loop_vars=_loop_vars), name=environment.getattr(l_1_item, 'byline')), ))
        if environment.getattr(l_1_item, 'date'):
            pass
            if not isinstance(l_1_entry, Namespace):
                raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
            l_1_entry['line'] = str_join((environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line'), ' (', context.call(environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'date'), environment.getattr(l_1_item, 'date'), _loop_vars=_loop_vars), ')', ))
        if environment.getattr(l_1_item, 'url'):
            pass
            if not isinstance(l_1_entry, Namespace):
                raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
            l_1_entry['line'] = str_join((environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line'), ' (', environment.getattr(l_1_item, 'url'), ')', ))
        if environment.getattr(l_1_item, 'body'):
            pass
            if not isinstance(l_1_entry, Namespace):
                raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
            l_1_entry['line'] = str_join((environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line'), (': ' if environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line') else ''), t_2(environment.getattr(l_1_item, 'body')), ))
        if environment.getattr(l_1_item, 'quote'):
            pass
            if not isinstance(l_1_entry, Namespace):
                raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
            l_1_entry['line'] = str_join((environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line'), ' “', t_2(environment.getattr(environment.getattr(l_1_item, 'quote'), 'text')), '”', (str_join((' – ', environment.getattr(environment.getattr(l_1_item, 'quote'), 'by'), )) if environment.getattr(environment.getattr(l_1_item, 'quote'), 'by') else ''), ))
        for l_2_link in environment.getattr(l_1_item, 'calls_to_action'):
            l_2_text_link = resolve('text_link')
            _loop_vars = {}
            pass
            if not isinstance(l_1_entry, Namespace):
                raise TemplateRuntimeError("cannot assign attribute on non-namespace object")
            l_1_entry['line'] = str_join((environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line'), ' ', context.call((undefined(name='text_link') if l_2_text_link is missing else l_2_text_link), environment.getattr(l_2_link, 'text'), environment.getattr(l_2_link, 'url'), _loop_vars=_loop_vars), ))
        l_2_link = l_2_text_link = missing
        yield str(t_4(environment.getattr((undefined(name='entry') if l_1_entry is missing else l_1_entry), 'line'), first='* ', rest='  '))
        yield '\n'
    l_1_item = l_1_namespace = l_1_entry = l_1__ = l_1_e = missing
    if environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after'):
        pass
        yield '\n'
        yield str(t_3(environment.getattr((undefined(name='section') if l_0_section is missing else l_0_section), 'after')))
        yield '\n'

blocks = {}
debug_info = '2=36&3=38&6=40&7=47&8=49&9=54&10=59&11=64&12=69&13=74&14=82&16=85&18=88'