from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'email.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_editions = resolve('editions')
    l_0_subject = resolve('subject')
    l_0_alternates = resolve('alternates')
    l_0_palette = resolve('palette')
    l_0_issue = resolve('issue')
    l_0_range = resolve('range')
    l_0_other_editions = resolve('other_editions')
    l_0_ui = missing
    try:
        t_1 = environment.filters['default']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'default' found.")
    try:
        t_2 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    pass
    l_0_ui = context.vars['ui'] = environment.get_template('macros.html.j2', 'email.html.j2').make_module(context.get_all(), True, {'ui': l_0_ui})
    context.exported_vars.discard('ui')
    yield '<!DOCTYPE html>\n<html lang="'
    yield escape(environment.getattr(environment.getitem((undefined(name='editions') if l_0_editions is missing else l_0_editions), 0), 'tag'))
    yield '" dir="ltr" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="X-UA-Compatible" content="IE=edge">\n<meta name="x-apple-disable-message-reformatting">\n<meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no">\n<meta name="color-scheme" content="light dark">\n<meta name="supported-color-schemes" content="light dark">\n<title>'
    yield escape((undefined(name='subject') if l_0_subject is missing else l_0_subject))
    yield '</title>\n'
    for l_1_alternate in t_1((undefined(name='alternates') if l_0_alternates is missing else l_0_alternates), []):
        _loop_vars = {}
        pass
        yield '<link rel="alternate" hreflang="'
        yield escape(environment.getattr(l_1_alternate, 'tag'))
        yield '" href="'
        yield escape(environment.getattr(l_1_alternate, 'address'))
        yield '">\n'
    l_1_alternate = missing
    yield '<!--[if mso]>\n<noscript><xml><o:OfficeDocumentSettings><o:AllowPNG/><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>\n<style>\ntable, td, p, li, a, blockquote { font-family: Arial, Helvetica, sans-serif !important; }\nh1, h2, h3 { font-family: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'heading_font_outlook'))
    yield ', Arial, sans-serif !important; }\ntd, p, li { mso-line-height-rule: exactly; }\nul, ol { margin: 0 0 14px 24px !important; padding: 0 !important; }\nli { margin: 0 0 8px 0 !important; }\n</style>\n<![endif]-->\n<style>\n'
    yield from context.blocks['style'][0](context)
    yield '</style>\n</head>\n<body class="page">\n<div role="article" aria-roledescription="email" aria-label="'
    yield escape(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'subject'))
    yield '" lang="'
    yield escape(environment.getattr(environment.getitem((undefined(name='editions') if l_0_editions is missing else l_0_editions), 0), 'tag'))
    yield '" class="page">\n'
    if environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'preheader'):
        pass
        yield '<div class="preheader">'
        l_1_loop = missing
        for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
            _loop_vars = {}
            pass
            if environment.getattr(l_1_e, 'marked'):
                pass
                yield '<span'
                yield escape(environment.getattr(l_1_e, 'lang_attribute'))
                yield '>'
                yield escape(environment.getattr(environment.getattr(l_1_e, 'issue'), 'preheader'))
                yield '</span>'
            else:
                pass
                yield escape(environment.getattr(environment.getattr(l_1_e, 'issue'), 'preheader'))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ' / '
        l_1_loop = l_1_e = missing
        for l_1_n in context.call((undefined(name='range') if l_0_range is missing else l_0_range), 60):
            _loop_vars = {}
            pass
            yield '&#847;&zwnj;&nbsp;'
        l_1_n = missing
        yield '</div>\n'
    yield '<!--[if mso]><table role="presentation" align="center" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->\n<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width: 600px; margin: 0 auto;" align="center">\n<tr><td class="topbar cell">\n'
    l_1_loop = missing
    for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
        l_1_lacnews_variant_mark = resolve('lacnews_variant_mark')
        l_1_home = resolve('home')
        l_1__ = missing
        _loop_vars = {}
        pass
        l_1__ = environment.getattr(l_1_e, 'gettext')
        _loop_vars['_'] = l_1__
        if (not environment.getattr(l_1_loop, 'first')):
            pass
            yield ' &middot; '
        yield '<span'
        yield escape(environment.getattr(l_1_e, 'lang_attribute'))
        yield '>'
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_1_lacnews_variant_mark is missing else l_1_lacnews_variant_mark), '\uf8f0', _loop_vars=_loop_vars))
        yield '<a href="*|ARCHIVE|*">'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'View this email in your browser', _loop_vars=_loop_vars))
        yield '</a>'
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_1_lacnews_variant_mark is missing else l_1_lacnews_variant_mark), '\uf8f1', _loop_vars=_loop_vars))
        yield '<a href="'
        yield escape(t_1((undefined(name='home') if l_1_home is missing else l_1_home), '../index.html'))
        yield '">'
        yield escape(t_2(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'All issues of %(name)s', _loop_vars=_loop_vars), name=environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'name')))
        yield '</a>'
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_1_lacnews_variant_mark is missing else l_1_lacnews_variant_mark), '\uf8f2', _loop_vars=_loop_vars))
        yield '</span>\n'
    l_1_loop = l_1_e = l_1__ = l_1_lacnews_variant_mark = l_1_home = missing
    for l_1_other in (undefined(name='other_editions') if l_0_other_editions is missing else l_0_other_editions):
        _loop_vars = {}
        pass
        yield ' &middot; <a href="'
        yield escape(environment.getattr(l_1_other, 'address'))
        yield '" hreflang="'
        yield escape(environment.getattr(l_1_other, 'tag'))
        yield '" lang="'
        yield escape(environment.getattr(l_1_other, 'tag'))
        yield '">'
        yield escape(environment.getattr(l_1_other, 'name'))
        yield '</a>'
    l_1_other = missing
    yield '</td></tr>\n</table>\n<table role="presentation" class="card" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width: 600px; margin: 0 auto;" align="center">\n'
    yield from context.blocks['masthead'][0](context)
    yield from context.blocks['intro'][0](context)
    yield from context.blocks['sections'][0](context)
    yield from context.blocks['contacts'][0](context)
    yield '</table>\n'
    yield from context.blocks['footer'][0](context)
    yield '<!--[if mso]></td></tr></table><![endif]-->\n</div>\n</body>\n</html>\n'

def block_style(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_palette = resolve('palette')
    pass
    yield 'body { margin: 0; padding: 0; width: 100%; background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'page'))
    yield '; -webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%; }\ntable { border-collapse: collapse; mso-table-lspace: 0pt; mso-table-rspace: 0pt; }\nimg { border: 0; line-height: 100%; text-decoration: none; -ms-interpolation-mode: bicubic; }\n.page { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'page'))
    yield '; }\n.card { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'card'))
    yield '; }\n.cell { padding: 0 32px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'text'))
    yield "; font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.55; }\n.masthead { padding-top: 28px; padding-bottom: 20px; border-top: 6px solid "
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand'))
    yield '; }\n.logo { margin: 0 0 14px; }\n.logo-plate { padding: 0; }\n.logo-image { display: block; max-width: 100%; height: auto; }\nh1 { margin: 0; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand'))
    yield '; font-family: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'heading_font'))
    yield '; font-size: 28px; line-height: 1.25; font-weight: bold; }\nh2 { margin: 0 0 12px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'accent'))
    yield '; font-family: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'heading_font'))
    yield '; font-size: 22px; line-height: 1.3; font-weight: bold; }\nh3 { margin: 0 0 6px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'text'))
    yield '; font-family: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'heading_font'))
    yield '; font-size: 18px; line-height: 1.35; font-weight: bold; }\np { margin: 0 0 14px; }\nul, ol { margin: 0 0 14px; padding: 0 0 0 24px; }\nli { margin: 0 0 8px; }\na { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'link'))
    yield '; text-decoration: underline; }\nh3 a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'link'))
    yield '; }\n.issue-date { margin: 6px 0 0; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; font-size: 16px; }\n.topbar { padding: 12px 32px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; font-size: 14px; text-align: center; }\n.topbar a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; }\n.section { padding-top: 24px; padding-bottom: 10px; border-top: 1px solid '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'rule'))
    yield '; }\n.byline { margin: 0 0 8px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; font-size: 14px; }\n.item { padding: 0 0 10px; }\n.image { display: block; max-width: 100%; height: auto; margin: 0 0 12px; }\n.quote { margin: 0 0 14px; }\n.quote-bar { width: 4px; background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'accent'))
    yield '; font-size: 1px; line-height: 1px; }\n.quote-text { padding: 4px 0 4px 16px; font-style: italic; }\nblockquote { margin: 0; }\nblockquote p { margin: 0 0 8px; }\n.quote-by { margin: 0 0 16px; padding-left: 20px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; font-size: 14px; font-style: normal; }\n.button { margin: 4px 0 14px; }\n.button-cell { border-radius: 4px; background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'accent'))
    yield '; mso-padding-alt: 11px 20px; }\n.button-link { display: inline-block; padding: 11px 20px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'button_text'))
    yield '; font-size: 16px; font-weight: bold; line-height: 1.3; text-decoration: none; border-radius: 4px; }\n.contents { margin-bottom: 6px; }\n.other-language { padding-top: 12px; }\n.masthead-other { margin: 4px 0 0; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand'))
    yield '; font-family: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'heading_font'))
    yield '; font-size: 20px; font-weight: bold; }\n.contact { margin: 0 0 14px; }\n.footer { padding-top: 24px; padding-bottom: 32px; color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; font-size: 14px; line-height: 1.6; text-align: center; }\n.footer p { margin: 0 0 12px; }\n.footer a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted'))
    yield '; }\n.preheader { display: none; max-height: 0; overflow: hidden; mso-hide: all; }\n@media screen and (max-width: 620px) {\n  .cell { padding-left: 16px !important; padding-right: 16px !important; }\n  .topbar { padding-left: 16px !important; padding-right: 16px !important; }\n  h1 { font-size: 24px !important; }\n  h2 { font-size: 20px !important; }\n  .button { width: 100% !important; }\n  .button-link { display: block !important; text-align: center !important; }\n}\n@media (prefers-color-scheme: dark) {\n  body, .page { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'page_dark'))
    yield ' !important; }\n  .card { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'card_dark'))
    yield ' !important; }\n  .cell, h3, .cell p, .cell li, blockquote { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'text_dark'))
    yield ' !important; }\n  h1 { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand_dark'))
    yield ' !important; }\n  .masthead { border-top-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand_dark'))
    yield ' !important; }\n  h2 { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'accent_dark'))
    yield ' !important; }\n  a, h3 a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'link_dark'))
    yield ' !important; }\n  .issue-date, .byline, .quote-by, .topbar, .topbar a, .footer, .footer p, .footer a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted_dark'))
    yield ' !important; }\n  .quote-bar { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'bar_dark'))
    yield ' !important; }\n  .button-link { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'button_text'))
    yield ' !important; }\n  .section { border-top-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'rule_dark'))
    yield ' !important; }\n  .logo-plate { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'plate'))
    yield ' !important; padding: 8px !important; }\n}\n@media screen {\n  [data-ogsc] .page, [data-ogsb] .page { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'page_dark'))
    yield ' !important; }\n  [data-ogsb] .card { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'card_dark'))
    yield ' !important; }\n  [data-ogsc] .cell, [data-ogsc] h3, [data-ogsc] .cell p, [data-ogsc] .cell li, [data-ogsc] blockquote { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'text_dark'))
    yield ' !important; }\n  [data-ogsc] h1 { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'brand_dark'))
    yield ' !important; }\n  [data-ogsc] h2 { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'accent_dark'))
    yield ' !important; }\n  [data-ogsc] a, [data-ogsc] h3 a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'link_dark'))
    yield ' !important; }\n  [data-ogsc] .issue-date, [data-ogsc] .byline, [data-ogsc] .quote-by, [data-ogsc] .topbar, [data-ogsc] .topbar a, [data-ogsc] .footer, [data-ogsc] .footer p, [data-ogsc] .footer a { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'muted_dark'))
    yield ' !important; }\n  [data-ogsb] .quote-bar { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'bar_dark'))
    yield ' !important; }\n  [data-ogsc] .button-link { color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'button_text'))
    yield ' !important; }\n  [data-ogsb] .logo-plate { background-color: '
    yield escape(environment.getattr((undefined(name='palette') if l_0_palette is missing else l_0_palette), 'plate'))
    yield ' !important; }\n}\n'

def block_masthead(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_newsletter = resolve('newsletter')
    l_0_ui = resolve('ui')
    l_0_widths = resolve('widths')
    l_0_editions = resolve('editions')
    pass
    yield '<tr><td class="cell masthead">\n'
    if environment.getattr(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'theme'), 'logo'):
        pass
        yield '<table role="presentation" class="logo" cellpadding="0" cellspacing="0" border="0"><tr><td class="logo-plate">'
        yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'image'), environment.getattr(environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'theme'), 'logo'), environment.getattr((undefined(name='widths') if l_0_widths is missing else l_0_widths), 'logo'), 'logo-image', _block_vars=_block_vars))
        yield '</td></tr></table>\n'
    l_1_loop = missing
    for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_loop, 'first'):
            pass
            yield '<h1'
            yield escape(environment.getattr(l_1_e, 'lang_attribute'))
            yield '>'
            yield escape(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'name'))
            yield '</h1>'
        elif (environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'name') != environment.getattr(environment.getattr(environment.getitem((undefined(name='editions') if l_0_editions is missing else l_0_editions), 0), 'newsletter'), 'name')):
            pass
            yield '<p class="masthead-other"'
            yield escape(environment.getattr(l_1_e, 'lang_attribute'))
            yield '>'
            yield escape(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'name'))
            yield '</p>'
    l_1_loop = l_1_e = missing
    yield '<p class="issue-date">'
    l_1_loop = missing
    for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
        _loop_vars = {}
        pass
        yield '<span'
        yield escape(environment.getattr(l_1_e, 'lang_attribute'))
        yield '>'
        yield escape(context.call(environment.getattr(l_1_e, 'date'), environment.getattr(environment.getattr(l_1_e, 'issue'), 'date'), _loop_vars=_loop_vars))
        yield '</span>'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ' &middot; '
    l_1_loop = l_1_e = missing
    yield '</p>\n</td></tr>\n'

def block_intro(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_editions = resolve('editions')
    try:
        t_3 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    l_1_loop = missing
    for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
        l_1__ = missing
        _loop_vars = {}
        pass
        l_1__ = environment.getattr(l_1_e, 'gettext')
        _loop_vars['_'] = l_1__
        if ((environment.getattr(l_1_e, 'strapline') or environment.getattr(environment.getattr(l_1_e, 'issue'), 'intro')) or environment.getattr(l_1_e, 'contents')):
            pass
            yield '<tr><td class="cell'
            if (not environment.getattr(l_1_loop, 'first')):
                pass
                yield ' other-language'
            yield '" style="padding-bottom: 10px;"'
            yield escape(environment.getattr(l_1_e, 'lang_attribute'))
            yield '>\n'
            if environment.getattr(l_1_e, 'strapline'):
                pass
                yield escape(t_3(environment.getattr(l_1_e, 'strapline')))
            if environment.getattr(environment.getattr(l_1_e, 'issue'), 'intro'):
                pass
                yield escape(t_3(environment.getattr(environment.getattr(l_1_e, 'issue'), 'intro')))
            if environment.getattr(l_1_e, 'contents'):
                pass
                yield '<p class="contents"><strong>'
                yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), "In this month's edition we'll be covering:", _loop_vars=_loop_vars))
                yield '</strong></p>\n<ul>\n'
                for (l_2_line, l_2_href) in environment.getattr(l_1_e, 'contents'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    if l_2_href:
                        pass
                        yield '<a href="'
                        yield escape(l_2_href)
                        yield '">'
                        yield escape(l_2_line)
                        yield '</a>'
                    else:
                        pass
                        yield escape(l_2_line)
                    yield '</li>\n'
                l_2_line = l_2_href = missing
                yield '</ul>\n'
            yield '</td></tr>\n'
    l_1_loop = l_1_e = l_1__ = missing

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
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    l_1_loop = missing
    for l_1_index, l_1_loop in LoopContext(context.call((undefined(name='range') if l_0_range is missing else l_0_range), t_4(environment.getattr((undefined(name='issue') if l_0_issue is missing else l_0_issue), 'sections')), _block_vars=_block_vars), undefined):
        l_1_editions = resolve('editions')
        _loop_vars = {}
        pass
        yield '<tr><td class="cell section">\n'
        l_2_loop = missing
        for l_2_e, l_2_loop in LoopContext((undefined(name='editions') if l_1_editions is missing else l_1_editions), undefined):
            l_2__ = l_2_section = missing
            _loop_vars = {}
            pass
            l_2__ = environment.getattr(l_2_e, 'gettext')
            _loop_vars['_'] = l_2__
            l_2_section = environment.getitem(environment.getattr(environment.getattr(l_2_e, 'issue'), 'sections'), l_1_index)
            _loop_vars['section'] = l_2_section
            yield '<div'
            yield escape(environment.getattr(l_2_e, 'lang_attribute'))
            if (not environment.getattr(l_2_loop, 'first')):
                pass
                yield ' class="other-language"'
            yield '>\n<h2'
            if environment.getattr(l_2_loop, 'first'):
                pass
                yield ' id="'
                yield escape(environment.getattr((undefined(name='section') if l_2_section is missing else l_2_section), 'id'))
                yield '"'
            yield '>'
            yield escape(environment.getattr((undefined(name='section') if l_2_section is missing else l_2_section), 'title'))
            yield '</h2>\n'
            template = environment.get_or_select_template(markup_join(('sections/', environment.getattr((undefined(name='section') if l_2_section is missing else l_2_section), 'layout'), '.html.j2', )), 'email.html.j2')
            gen = template.root_render_func(template.new_context(context.get_all(), True, {'_': l_2__, 'e': l_2_e, 'loop': l_2_loop, 'section': l_2_section, 'index': l_1_index}))
            try:
                for event in gen:
                    yield event
            finally: gen.close()
            yield '</div>\n'
        l_2_loop = l_2_e = l_2__ = l_2_section = missing
        yield '</td></tr>\n'
    l_1_loop = l_1_index = l_1_editions = missing

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
    l_0_ui = resolve('ui')
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_5 = environment.filters['tel']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'tel' found.")
    pass
    if ((environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'contacts') or environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'website')) or (undefined(name='social') if l_0_social is missing else l_0_social)):
        pass
        yield '<tr><td class="cell section">\n'
        l_1_loop = missing
        for l_1_e, l_1_loop in LoopContext((undefined(name='editions') if l_0_editions is missing else l_0_editions), undefined):
            l_1__ = missing
            _loop_vars = {}
            pass
            l_1__ = environment.getattr(l_1_e, 'gettext')
            _loop_vars['_'] = l_1__
            yield '<div'
            yield escape(environment.getattr(l_1_e, 'lang_attribute'))
            if (not environment.getattr(l_1_loop, 'first')):
                pass
                yield ' class="other-language"'
            yield '>\n<h2'
            if environment.getattr(l_1_loop, 'first'):
                pass
                yield ' id="get-in-touch"'
            yield '>'
            yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'How to get in touch', _loop_vars=_loop_vars))
            yield '</h2>\n'
            for l_2_contact in environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'contacts'):
                _loop_vars = {}
                pass
                yield '<p class="contact">'
                yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'contact_sentence'), l_2_contact, (undefined(name='_') if l_1__ is missing else l_1__), _loop_vars=_loop_vars))
                yield ':<br>\n'
                if environment.getattr(l_2_contact, 'email'):
                    pass
                    yield '<a href="mailto:'
                    yield escape(environment.getattr(l_2_contact, 'email'))
                    yield '">'
                    yield escape(environment.getattr(l_2_contact, 'email'))
                    yield '</a>'
                if (environment.getattr(l_2_contact, 'email') and environment.getattr(l_2_contact, 'phone')):
                    pass
                    yield '<br>'
                if environment.getattr(l_2_contact, 'phone'):
                    pass
                    yield '<a href="'
                    yield escape(t_5(environment.getattr(l_2_contact, 'phone')))
                    yield '">'
                    yield escape(environment.getattr(l_2_contact, 'phone'))
                    yield '</a>'
                yield '</p>\n'
            l_2_contact = missing
            if ((t_4((undefined(name='editions') if l_0_editions is missing else l_0_editions)) == 1) and (environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'website') or (undefined(name='social') if l_0_social is missing else l_0_social))):
                pass
                yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'website_and_social'), (undefined(name='editions') if l_0_editions is missing else l_0_editions), _loop_vars=_loop_vars))
                yield '\n'
            yield '</div>\n'
        l_1_loop = l_1_e = l_1__ = missing
        if ((t_4((undefined(name='editions') if l_0_editions is missing else l_0_editions)) > 1) and (environment.getattr((undefined(name='newsletter') if l_0_newsletter is missing else l_0_newsletter), 'website') or (undefined(name='social') if l_0_social is missing else l_0_social))):
            pass
            yield escape(context.call(environment.getattr((undefined(name='ui') if l_0_ui is missing else l_0_ui), 'website_and_social'), (undefined(name='editions') if l_0_editions is missing else l_0_editions), _block_vars=_block_vars))
            yield '\n'
        yield '</td></tr>\n'

def block_footer(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_editions = resolve('editions')
    l_0_lacnews_variant_mark = resolve('lacnews_variant_mark')
    try:
        t_2 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_3 = environment.filters['markdown']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'markdown' found.")
    pass
    yield '<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width: 600px; margin: 0 auto;" align="center">\n<tr><td class="cell footer" align="center">\n'
    for l_1_e in (undefined(name='editions') if l_0_editions is missing else l_0_editions):
        l_1_copyright_year = resolve('copyright_year')
        l_1__ = l_1_sender = missing
        _loop_vars = {}
        pass
        l_1__ = environment.getattr(l_1_e, 'gettext')
        _loop_vars['_'] = l_1__
        l_1_sender = environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'sender')
        _loop_vars['sender'] = l_1_sender
        yield '<div'
        yield escape(environment.getattr(l_1_e, 'lang_attribute'))
        yield '>\n'
        if environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'share_text'):
            pass
            yield '<p><strong>'
            yield escape(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'share_text'))
            yield '</strong></p>'
        if environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'signup_url'):
            pass
            yield '<p>'
            yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f0', _loop_vars=_loop_vars))
            yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Forwarded this email?', _loop_vars=_loop_vars))
            yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f1', _loop_vars=_loop_vars))
            yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Like what you read?', _loop_vars=_loop_vars))
            yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f2', _loop_vars=_loop_vars))
            yield ' <a href="'
            yield escape(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'signup_url'))
            yield '">'
            yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Sign up to receive this directly', _loop_vars=_loop_vars))
            yield '</a></p>'
        if environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'statement'):
            pass
            yield escape(t_3(environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'statement')))
        if environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'correspondence'):
            pass
            yield escape(t_3(environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'correspondence')))
        yield '<p>'
        yield escape(t_2(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Copyright © %(year)s %(organisation)s, all rights reserved.', _loop_vars=_loop_vars), year=(undefined(name='copyright_year') if l_1_copyright_year is missing else l_1_copyright_year), organisation=environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'organisation')))
        yield '</p>\n<p>'
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f0', _loop_vars=_loop_vars))
        yield escape(t_2(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'This email was sent by %(name)s.', _loop_vars=_loop_vars), name=environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'name')))
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f1', _loop_vars=_loop_vars))
        yield escape(t_2(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Published by %(name)s.', _loop_vars=_loop_vars), name=environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'name')))
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f2', _loop_vars=_loop_vars))
        yield '<br>'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Our mailing address is:', _loop_vars=_loop_vars))
        yield '<br>'
        yield escape(environment.getattr((undefined(name='sender') if l_1_sender is missing else l_1_sender), 'address'))
        yield '</p>\n'
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f0', _loop_vars=_loop_vars))
        yield '<p>'
        yield escape(t_2(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'You are receiving this email at %(email)s because you subscribed to %(newsletter)s.', _loop_vars=_loop_vars), email='*|EMAIL|*', newsletter=environment.getattr(environment.getattr(l_1_e, 'newsletter'), 'name')))
        yield ' <a href="*|ABOUT_LIST|*">'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Why did I get this?', _loop_vars=_loop_vars))
        yield '</a></p>\n<p><a href="*|ARCHIVE|*">'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'View this email in your browser', _loop_vars=_loop_vars))
        yield '</a> &middot; <a href="*|FORWARD|*">'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Forward to a friend', _loop_vars=_loop_vars))
        yield '</a><br>\n<a href="*|UPDATE_PROFILE|*">'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Update your preferences', _loop_vars=_loop_vars))
        yield '</a> &middot; <a href="*|UNSUB|*">'
        yield escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Unsubscribe', _loop_vars=_loop_vars))
        yield '</a></p>\n'
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f1', _loop_vars=_loop_vars))
        yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f2', _loop_vars=_loop_vars))
        yield '</div>\n'
    l_1_e = l_1__ = l_1_sender = l_1_copyright_year = missing
    yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f0', _block_vars=_block_vars))
    yield '*|REWARDS|*\n'
    yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f1', _block_vars=_block_vars))
    yield escape(context.call((undefined(name='lacnews_variant_mark') if l_0_lacnews_variant_mark is missing else l_0_lacnews_variant_mark), '\uf8f2', _block_vars=_block_vars))
    yield '</td></tr>\n</table>\n'

blocks = {'style': block_style, 'masthead': block_masthead, 'intro': block_intro, 'sections': block_sections, 'contacts': block_contacts, 'footer': block_footer}
debug_info = '5=31&7=34&16=36&17=38&18=42&24=48&31=50&115=52&116=56&117=60&122=85&123=93&126=97&126=101&126=105&128=112&132=126&143=127&161=128&173=129&196=131&31=134&32=144&35=146&36=148&37=150&38=152&42=154&43=158&44=162&48=166&49=168&50=170&51=172&52=174&53=176&54=178&58=180&62=182&64=184&65=186&68=188&70=192&72=194&86=196&87=198&88=200&89=202&90=204&91=206&92=208&93=210&94=212&95=214&96=216&97=218&100=220&101=222&102=224&103=226&104=228&105=230&106=232&107=234&108=236&109=238&132=241&134=254&135=257&137=260&138=263&140=280&143=294&144=310&145=316&146=319&147=325&148=328&149=331&150=334&152=336&153=340&161=356&162=373&164=379&165=388&166=393&167=401&173=412&174=436&176=440&177=447&178=452&179=458&180=462&181=464&182=474&184=483&185=485&189=489&190=491&196=495&199=518&200=528&201=530&202=535&202=539&202=541&202=544&203=548&204=551&207=555&210=558&210=560&210=563&214=569&215=573&216=577'