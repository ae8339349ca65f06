# Copyright 2026 account_dunning_pro authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from lxml import etree

from odoo import models

# Context key of the renderings whose style sheets are written into the page itself.
INLINE_CSS = "dunning_inline_css"
# Context key of a dict in which the nightly run keeps the mail templates it compiled.
COMPILED_TEMPLATES = "dunning_compiled_templates"


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _get_asset_nodes(
        self,
        bundle,
        css=True,
        js=True,
        debug=False,
        defer_load=False,
        lazy_load=False,
        media=None,
        autoprefix=False,
    ):
        """Under ``INLINE_CSS``, link the bundle's style sheet as a ``data:`` URI.

        wkhtmltopdf fetches ``/web/assets/…`` over HTTP from ``report.url`` or
        ``web.base.url``, which a cron, an install or a worker behind a proxy may
        not reach: the letter would then come out unstyled. It may read no local
        file either (``--disable-local-file-access``), but it reads ``data:`` URIs.
        The links themselves stay cached as they are (``_generate_asset_links_cache``).
        The web fonts the sheet names do not load from a ``data:`` URI: the letter is
        set in a system font anyway.
        """
        nodes = super()._get_asset_nodes(
            bundle,
            css=css,
            js=js,
            debug=debug,
            defer_load=defer_load,
            lazy_load=lazy_load,
            media=media,
            autoprefix=autoprefix,
        )
        if not css or not self.env.context.get(INLINE_CSS):
            return nodes
        return [
            (tag, {**attrs, "href": self._css_data_uri(attrs["href"], debug)})
            if tag == "link" and attrs.get("href", "").startswith("/web/assets/")
            else (tag, attrs)
            for tag, attrs in nodes
        ]

    def _css_data_uri(self, url, debug=False):
        """The style sheet served at ``url`` (``/web/assets/…``), as a ``data:`` URI.

        Built as the ``/web/assets`` controller does: from the bundle named in the
        URL, compiled and stored once as an attachment.
        """
        debug_assets = bool(debug and "assets" in debug)
        name, rtl, _type, autoprefix = self.env["ir.asset"]._parse_bundle_name(
            url.rsplit("/", 1)[-1], debug_assets
        )
        bundle = self._get_asset_bundle(
            name, css=True, js=False, debug_assets=debug_assets, rtl=rtl, autoprefix=autoprefix
        )
        content = b"\n".join(bundle.css().mapped("raw"))
        return "data:text/css;base64," + base64.b64encode(content).decode()

    def _compile(self, template):
        """Under ``COMPILED_TEMPLATES``, compile a template given as source (a mail
        template's body) once, not once per email: Odoo caches only the templates
        stored as views, and the compilation costs more than the rendering. The key
        is the source and the context keys the compiled code depends on."""
        memo = self.env.context.get(COMPILED_TEMPLATES)
        if memo is None or not isinstance(template, etree._Element):
            return super()._compile(template)
        key = (
            etree.tostring(template),
            tuple(self.env.context.get(k) or False for k in self._get_template_cache_keys()),
        )
        if key not in memo:
            memo[key] = super()._compile(template)
        return memo[key]
