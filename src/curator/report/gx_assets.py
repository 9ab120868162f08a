"""The browser assets of Great Expectations' Data Docs: the CDN URLs GX writes, their npm copies, the local rewrite."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from curator.storage.files import is_dir, is_file, read_text

# Under the Data Docs root: where the npm copies of the assets land.
VENDOR_DIR = "static/vendor"
# The repository's node_modules/ (filled by `make install` from package-lock.json), for a checkout's editable install.
DEFAULT_NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"


@dataclass(frozen=True)
class VendorAsset:
    """One file a Data Docs page loads from a CDN, and where the same file is in the npm package of that version."""

    url: str  # exactly as GX 1.24.1's templates write it
    package: str  # its key in package.json (an npm alias for a second version of a package)
    version: str  # the exact version package.json pins
    path: str  # the file inside the package
    companions: tuple[str, ...] = ()  # folders of the package that the file refers to relatively (web fonts)
    integrity: str | None = None  # the Subresource Integrity hash GX's <script> tag states, if any

    @property
    def local_path(self) -> str:
        """Where the copy lands, relative to the Data Docs root."""
        return f"{VENDOR_DIR}/{self.package}/{self.path}"


_BT = "dist/extensions/filter-control/bootstrap-table-filter-control"
# Every asset of great_expectations/render/view/templates/{page,page_minimal,index_page,js_script_imports}.j2.
# vega@5, vega-lite@5 and vega-embed@6 float on the CDN: pinned at the newest release of that major version.
ASSETS: tuple[VendorAsset, ...] = (
    VendorAsset(
        "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css",
        "bootstrap",
        "4.3.1",
        "dist/css/bootstrap.min.css",
    ),
    VendorAsset(
        "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js",
        "bootstrap",
        "4.3.1",
        "dist/js/bootstrap.min.js",
        integrity="sha384-JjSmVgyd0p3pXB1rRibZUAYoIIy6OrQ6VrjIEaFf/nJGzIxFDsf4x0xIM+B07jRM",
    ),
    VendorAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js",
        "popper.js",
        "1.12.9",
        "dist/umd/popper.min.js",
        integrity="sha384-ApNbgh9B+Y1QKtv3Rn7W3mgPxhU9K/ScQsAP7hUibX39j7fakFPskvXusvfa0b4Q",
    ),
    VendorAsset("https://code.jquery.com/jquery-3.7.1.min.js", "jquery", "3.7.1", "dist/jquery.min.js"),
    VendorAsset(
        "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css",
        "bootstrap-table",
        "1.19.1",
        "dist/bootstrap-table.min.css",
    ),
    VendorAsset(
        "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js",
        "bootstrap-table",
        "1.19.1",
        "dist/bootstrap-table.min.js",
    ),
    VendorAsset(f"https://unpkg.com/bootstrap-table@1.19.1/{_BT}.min.js", "bootstrap-table", "1.19.1", f"{_BT}.min.js"),
    VendorAsset(
        f"https://unpkg.com/bootstrap-table@1.19.0/{_BT}.css", "bootstrap-table-1.19.0", "1.19.0", f"{_BT}.css"
    ),
    VendorAsset(
        f"https://unpkg.com/bootstrap-table@1.19.0/{_BT}.min.css",
        "bootstrap-table-1.19.0",
        "1.19.0",
        f"{_BT}.min.css",
    ),
    VendorAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css",
        "bootstrap-datepicker",
        "1.9.0",
        "dist/css/bootstrap-datepicker.min.css",
    ),
    VendorAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js",
        "bootstrap-datepicker",
        "1.9.0",
        "dist/js/bootstrap-datepicker.min.js",
    ),
    VendorAsset(
        "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css",
        "@forevolve/bootstrap-dark",
        "1.1.0",
        "dist/css/bootstrap-prefers-dark.css",
    ),
    VendorAsset(
        "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css",
        "@fortawesome/fontawesome-free",
        "6.6.0",
        "css/all.min.css",
        companions=("webfonts",),
    ),
    VendorAsset("https://cdn.jsdelivr.net/npm/vega@5", "vega", "5.33.1", "build/vega.min.js"),
    VendorAsset("https://cdn.jsdelivr.net/npm/vega-lite@5", "vega-lite", "5.23.0", "build/vega-lite.min.js"),
    VendorAsset("https://cdn.jsdelivr.net/npm/vega-embed@6", "vega-embed", "6.29.0", "build/vega-embed.min.js"),
)

# GX's logos come from its own web bucket; GX copies the light one into static/images/ of every site.
# There is no local dark-mode logo: that rule gets the light one (no request leaves the machine).
_GX_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3\.us-east-2\.amazonaws\.com/(?:logo-long|full_logo_dark)\.png[^\"')]*"
)
_GX_LOGO_LOCAL = "static/images/logo-long.png"
# GX 1.24.1 puts a validation page's favicon one folder short (validations/static/images/): point it at the root's.
_FAVICON = re.compile(r'(<link rel="shortcut icon" href=")[^"]*(static/images/favicon\.ico")')
_ASSET_TAG = re.compile(r"<(?:script|link)\b[^>]*>")
_SRI_ATTRIBUTE = re.compile(r'\s+(?:integrity|crossorigin)="[^"]*"')


def localize_page(html: str, root: str, available: Collection[str]) -> str:
    """`html` with each asset URL in `available` pointing at its copy under `root` (the page's way up to the docs root).

    Pure. The URLs not in `available` are left as they are (the page then loads them from the network). GX's
    logos and favicon point at the copies GX itself writes under static/images/. A rewritten tag loses its
    `integrity` and `crossorigin` attributes: a browser refuses integrity-checked scripts from `file:` pages.
    """
    for asset in ASSETS:
        if asset.url in available:
            html = html.replace(f'"{asset.url}"', f'"{root}{asset.local_path}"')
    local_prefix = f'"{root}{VENDOR_DIR}/'

    def drop_sri(tag: re.Match[str]) -> str:
        text = tag.group(0)
        return _SRI_ATTRIBUTE.sub("", text) if local_prefix in text else text

    html = _ASSET_TAG.sub(drop_sri, html)
    html = _GX_LOGO.sub(lambda _: root + _GX_LOGO_LOCAL, html)
    return _FAVICON.sub(lambda m: f"{m.group(1)}{root}{m.group(2)}", html)


def network_urls(html: str) -> list[str]:
    """The http(s) URLs that `html` loads as a script, stylesheet, image or CSS url() (links to follow excluded)."""
    loaded = re.findall(r'<(?:script|img)\b[^>]*\bsrc="(https?://[^"]+)"', html)
    loaded += re.findall(r'<link\b[^>]*\bhref="(https?://[^"]+)"', html)
    loaded += re.findall(r"url\(['\"]?(https?://[^'\")]+)", html)
    return loaded


def installed_assets(node_modules: Path) -> list[VendorAsset]:
    """The assets whose package is installed under `node_modules` at exactly the pinned version."""
    versions: dict[str, str | None] = {}
    found = []
    for asset in ASSETS:
        if asset.package not in versions:
            versions[asset.package] = _installed_version(node_modules / asset.package)
        package = node_modules / asset.package
        if (
            versions[asset.package] == asset.version
            and is_file(package / asset.path)
            and all(is_dir(package / folder) for folder in asset.companions)
        ):
            found.append(asset)
    return found


def asset_copies(assets: Iterable[VendorAsset], node_modules: Path) -> list[tuple[Path, Path]]:
    """(source, target) of each asset file and companion folder: from `node_modules` to `<package>/` under the
    Data Docs' vendor folder (`VENDOR_DIR`)."""
    copies = []
    for asset in assets:
        source, target = node_modules / asset.package, Path(asset.package)
        copies.append((source / asset.path, target / asset.path))
        copies += [(source / folder, target / folder) for folder in asset.companions]
    return copies


def localized_pages(docs_dir: Path, available: Collection[str], pages: Mapping[Path, str]) -> dict[Path, str]:
    """The pages (path -> HTML under `docs_dir`) that `localize_page` changes, with their new text."""
    changed = {}
    for page, html in pages.items():
        root = Path(os.path.relpath(docs_dir, page.parent)).as_posix()
        localized = localize_page(html, "" if root == "." else root + "/", available)
        if localized != html:
            changed[page] = localized
    return changed


def _installed_version(package: Path) -> str | None:
    try:
        version = json.loads(read_text(package / "package.json") or "null").get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, str) else None
