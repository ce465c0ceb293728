"""What a technical drawing may be made of: an allowlist of SVG elements and attributes.

Built the way DOMPurify's SVG profile is (its `svg`, `svgFilters` and `svg` attribute
lists), narrowed to what a drawing of a machine needs and CairoSVG, the converter,
draws: shapes, text, groups, gradients, patterns, markers, clip paths, masks, filters,
symbols and `<use>` within the file, embedded raster images, title, description and
metadata, styles. Anything else is refused, whatever it is called: a new element or
attribute a browser learns to fetch or run with is refused before anyone knows it.

Animation (`set`, `animate…`) is left out on purpose: it can give any attribute, an
`href` included, a value no rule has seen. So are `script`, `foreignObject`, fonts and
cursors (they fetch), `feImage` (it fetches), `tref` (CairoSVG fetches it as a file),
and `xml:base` (it moves every relative address elsewhere).
"""

from __future__ import annotations

from typing import Final

SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE: Final = "http://www.w3.org/1999/xlink"
XML_NAMESPACE: Final = "http://www.w3.org/XML/1998/namespace"

EDITOR_NAMESPACES: Final = {
    "http://www.inkscape.org/namespaces/inkscape": "inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd": "sodipodi",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://creativecommons.org/ns#": "cc",
    "http://web.resource.org/cc/": "cc",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
}
"""Namespaces of the metadata editors write (Inkscape's own, and RDF licence data).
Browsers and CairoSVG draw nothing of these elements and give these attributes no
meaning, so they pass as they are."""

PREFIXES: Final = {XLINK_NAMESPACE: "xlink", XML_NAMESPACE: "xml", **EDITOR_NAMESPACES}

ELEMENTS: Final = frozenset({
    # structure
    "svg", "g", "defs", "symbol", "use", "switch", "a", "title", "desc", "metadata",
    # shapes
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    # text
    "text", "tspan", "textPath",
    # paint servers, markers, clipping and masking
    "linearGradient", "radialGradient", "stop", "pattern", "marker", "clipPath", "mask",
    # embedded raster images (data: URLs only, see svg_rules)
    "image",
    # styles
    "style",
    # filters (CairoSVG draws a few and skips the rest; none fetches)
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})

ANIMATION: Final = frozenset({"set", "animate", "animateMotion", "animateTransform",
                              "animateColor", "mpath", "discard"})
"""Refused with their own message: they change attributes after any check."""

HREF_ELEMENTS: Final = frozenset({"a", "use", "image", "linearGradient", "radialGradient",
                                  "pattern", "textPath"})
"""The elements whose `href` means something; elsewhere `href` is refused."""

_CORE = {
    "id", "class", "style", "lang", "tabindex", "role", "focusable", "transform",
    "requiredFeatures", "requiredExtensions", "systemLanguage", "xml:space", "xml:lang",
    "href", "xlink:href", "xlink:title", "xlink:type", "xlink:show", "xlink:actuate",
}
_PRESENTATION = {
    "alignment-baseline", "baseline-shift", "clip", "clip-path", "clip-rule", "color",
    "color-interpolation", "color-interpolation-filters", "color-rendering", "direction",
    "display", "dominant-baseline", "enable-background", "fill", "fill-opacity",
    "fill-rule", "filter", "flood-color", "flood-opacity", "font", "font-family",
    "font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant",
    "font-weight", "font-feature-settings", "font-variation-settings",
    "glyph-orientation-horizontal", "glyph-orientation-vertical", "image-rendering",
    "isolation", "kerning", "letter-spacing", "lighting-color", "line-height", "marker",
    "marker-start", "marker-mid", "marker-end", "mask", "mask-type", "mix-blend-mode",
    "opacity", "overflow", "paint-order", "pointer-events", "shape-rendering",
    "solid-color", "solid-opacity", "stop-color", "stop-opacity", "stroke",
    "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor", "text-decoration",
    "text-rendering", "text-align", "text-orientation", "unicode-bidi", "vector-effect",
    "visibility", "white-space", "word-spacing", "writing-mode", "inline-size",
    "shape-inside", "shape-padding", "shape-margin",
}
_GEOMETRY = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
    "width", "height", "d", "points", "pathLength", "dx", "dy", "rotate", "textLength",
    "lengthAdjust", "startOffset", "method", "spacing", "side", "viewBox",
    "preserveAspectRatio", "version", "baseProfile", "zoomAndPan",
}
_PAINT = {
    "gradientUnits", "gradientTransform", "spreadMethod", "offset", "patternUnits",
    "patternContentUnits", "patternTransform", "markerUnits", "markerWidth", "markerHeight",
    "refX", "refY", "orient", "clipPathUnits", "maskUnits", "maskContentUnits",
}
_FILTERS = {
    "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode",
    "operator", "k1", "k2", "k3", "k4", "type", "values", "tableValues", "slope",
    "intercept", "amplitude", "exponent", "order", "kernelMatrix", "divisor", "bias",
    "targetX", "targetY", "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale",
    "specularConstant", "specularExponent", "diffuseConstant", "azimuth", "elevation", "z",
    "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "radius", "scale",
    "xChannelSelector", "yChannelSelector", "baseFrequency", "numOctaves", "seed",
    "stitchTiles",
}
_LINKS_AND_STYLES = {"target", "rel", "hreflang", "media"}

ATTRIBUTES: Final = frozenset(_CORE | _PRESENTATION | _GEOMETRY | _PAINT | _FILTERS
                              | _LINKS_AND_STYLES)
ATTRIBUTE_PREFIXES: Final = ("aria-", "data-")
"""Accessibility and private data attributes: never fetched, never run."""
