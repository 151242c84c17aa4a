from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'site/index.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_lang = resolve('lang')
    l_0__ = resolve('_')
    l_0_newsletter = resolve('newsletter')
    l_0_feed = resolve('feed')
    l_0_other_languages = resolve('other_languages')
    l_0_palette = resolve('palette')
    l_0_issues = resolve('issues')
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
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape((undefined(name='lang') if l_0_lang is missing else l_0_lang))
    yield '">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="color-scheme" content="light dark">\n<title>'
    yield escape(t_1(context.call((undefined(name='_') if l_0__ is missing else l_0__), '%(name)s: all issues'), name=environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'name')))
    yield '</title>\n'
    if (undefined(name='feed') if l_0_feed is missing else l_0_feed):
        pass
        yield '<link rel="alternate" type="application/atom+xml" title="'
        yield escape(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'name'))
        yield '" href="feed.xml">'
    for (l_1_tag, l_1_name, l_1_href) in (undefined(name='other_languages') if l_0_other_languages is missing else l_0_other_languages):
        _loop_vars = {}
        pass
        yield '<link rel="alternate" hreflang="'
        yield escape(l_1_tag)
        yield '" href="'
        yield escape(l_1_href)
        yield '">\n'
    l_1_tag = l_1_name = l_1_href = missing
    yield '<style>\nbody { margin: 0; background: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'page'))
    yield '; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'text'))
    yield '; font: 16px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }\nmain { max-width: 680px; margin: 0 auto; padding: 32px 20px; background: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'card'))
    yield '; border-top: 6px solid '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand'))
    yield '; }\nh1 { margin: 0 0 8px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand'))
    yield '; font-family: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'heading_font'))
    yield '; font-size: 28px; line-height: 1.25; }\n.strapline { margin: 0 0 24px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; }\nol { list-style: none; margin: 0; padding: 0; }\nli { padding: 14px 0; border-top: 1px solid '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'rule'))
    yield '; }\na { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'link'))
    yield '; }\n.issue { font-size: 19px; font-weight: bold; }\n.date { display: block; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; font-size: 14px; }\n.preheader { margin: 4px 0 0; }\n.languages { margin: 0 0 12px; text-align: right; font-size: 14px; }\nfooter { margin-top: 24px; font-size: 14px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; }\n@media (prefers-color-scheme: dark) {\n  body { background: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'page_dark'))
    yield '; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'text_dark'))
    yield '; }\n  main { background: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'card_dark'))
    yield '; border-top-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand_dark'))
    yield '; }\n  h1 { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand_dark'))
    yield '; }\n  .strapline, .date, footer { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted_dark'))
    yield '; }\n  li { border-top-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'rule_dark'))
    yield '; }\n  a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'link_dark'))
    yield '; }\n}\n</style>\n</head>\n<body>\n<main>\n'
    if (undefined(name='other_languages') if l_0_other_languages is missing else l_0_other_languages):
        pass
        yield '<p class="languages">'
        l_1_loop = missing
        for (l_1_tag, l_1_name, l_1_href), l_1_loop in LoopContext((undefined(name='other_languages') if l_0_other_languages is missing else l_0_other_languages), undefined):
            _loop_vars = {}
            pass
            yield '<a href="'
            yield escape(l_1_href)
            yield '" hreflang="'
            yield escape(l_1_tag)
            yield '" lang="'
            yield escape(l_1_tag)
            yield '">'
            yield escape(l_1_name)
            yield '</a>'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ' &middot; '
        l_1_loop = l_1_tag = l_1_name = l_1_href = missing
        yield '</p>'
    yield '<h1>'
    yield escape(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'name'))
    yield '</h1>\n'
    if environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'description'):
        pass
        yield '<div class="strapline">'
        yield escape(t_2(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'description')))
        yield '</div>'
    if (undefined(name='issues') if l_0_issues is missing else l_0_issues):
        pass
        yield '<ol>\n'
        for l_1_issue in (undefined(name='issues') if l_0_issues is missing else l_0_issues):
            _loop_vars = {}
            pass
            yield '<li lang="'
            yield escape(environment.getattr(l_1_issue, 'lang'))
            yield '"><span class="date">'
            yield escape(environment.getattr(l_1_issue, 'date_shown'))
            yield '</span>\n<a class="issue" href="'
            yield escape(environment.getattr(l_1_issue, 'href'))
            yield '">'
            yield escape(environment.getattr(l_1_issue, 'subject'))
            yield '</a>\n'
            if environment.getattr(l_1_issue, 'preheader'):
                pass
                yield '<p class="preheader">'
                yield escape(environment.getattr(l_1_issue, 'preheader'))
                yield '</p>'
            yield '</li>\n'
        l_1_issue = missing
        yield '</ol>\n'
    else:
        pass
        yield '<p>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'No issues yet.'))
        yield '</p>\n'
    yield '<footer>\n'
    if environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'signup_url'):
        pass
        yield '<p><a href="'
        yield escape(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'signup_url'))
        yield '">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Sign up to receive it by email'))
        yield '</a></p>'
    if (undefined(name='feed') if l_0_feed is missing else l_0_feed):
        pass
        yield '<p><a href="feed.xml">'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Follow the Atom feed'))
        yield '</a></p>'
    yield '<p>'
    yield escape(environment.getattr(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'sender'), 'name'))
    yield ', '
    yield escape(environment.getattr(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'sender'), 'address'))
    yield '</p>\n</footer>\n</main>\n</body>\n</html>\n'

blocks = {}
debug_info = '4=31&10=33&11=35&12=40&15=50&16=54&17=58&18=62&20=64&21=66&23=68&26=70&28=72&29=76&30=80&31=82&32=84&33=86&39=88&40=110&41=112&42=117&44=120&45=124&46=128&47=132&51=143&54=146&55=153&56=159'