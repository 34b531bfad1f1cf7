"""The class palette can be told apart, also by colour-blind readers.

Colours are simulated for protanopia, deuteranopia and tritanopia with the full-severity
matrices of Machado, Oliveira & Fernandes (2009, IEEE TVCG 15(6)), applied in linear sRGB,
then compared in CIELAB (D65) with CIEDE2000 (Sharma, Wu & Dalal 2005). Classes share a
colour only when they are drawn with different shapes (style.CLASS_FAMILY), so the pairs
that must differ are the classes of one family.
"""

from __future__ import annotations

import itertools
import math

import pytest

from painkg.views.build import CLASS_ORDER
from painkg.views.formats.style import CLASS_COLOURS, CLASS_FAMILY, FAMILY_SHAPES, OKABE_ITO

Matrix = tuple[tuple[float, float, float], ...]
MACHADO_2009: dict[str, Matrix] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
#: Smallest CIEDE2000 difference two fills of the same shape may have, in every vision.
MIN_DELTA_E = 10.0
Lab = tuple[float, float, float]


def _linear(hex_colour: str) -> tuple[float, float, float]:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5))
    return r, g, b


def _simulate(rgb: tuple[float, float, float], matrix: Matrix | None) -> tuple[float, ...]:
    if matrix is None:
        return rgb
    return tuple(min(1.0, max(0.0, sum(row[k] * rgb[k] for k in range(3)))) for row in matrix)


def _lab(rgb: tuple[float, ...]) -> Lab:
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _hue(b: float, a: float) -> float:
    return math.degrees(math.atan2(b, a)) % 360 if (a or b) else 0.0


def ciede2000(lab1: Lab, lab2: Lab) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), as written by Sharma et al. 2005."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = _hue(b1, a1p), _hue(b2, a2p)
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    if c1p * c2p != 0 and h2p - h1p == -180:
        dh = -180.0  # keep Sharma's sign convention at exactly opposite hues
    d_hp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6))
         - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    r_c = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2)))) * r_c
    dl, dc, dhh = (l2 - l1) / s_l, (c2p - c1p) / s_c, d_hp / s_h
    return math.sqrt(dl * dl + dc * dc + dhh * dhh + r_t * dc * dhh)


def closest(colours: list[str]) -> tuple[float, str, str, str]:
    """The least distinguishable pair of ``colours`` over normal and three simulated visions."""
    visions: list[tuple[str, Matrix | None]] = [("normal", None), *MACHADO_2009.items()]
    return min((ciede2000(_lab(_simulate(_linear(a), m)), _lab(_simulate(_linear(b), m))),
                a, b, name)
               for a, b in itertools.combinations(colours, 2) for name, m in visions)


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # Rows 1, 7, 17 and 25 of Sharma, Wu & Dalal's CIEDE2000 test data.
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
])
def test_ciede2000_matches_sharma_test_data(lab1: Lab, lab2: Lab, expected: float) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_every_class_has_a_colour_and_a_shape() -> None:
    assert set(CLASS_COLOURS) == set(CLASS_FAMILY) == set(CLASS_ORDER)
    assert set(CLASS_FAMILY.values()) == set(FAMILY_SHAPES)
    assert set(CLASS_COLOURS.values()) <= set(OKABE_ITO.values())
    assert len({s["cytoscape"] for s in FAMILY_SHAPES.values()}) == len(FAMILY_SHAPES)
    assert len({s["graphviz"] for s in FAMILY_SHAPES.values()}) == len(FAMILY_SHAPES)
    assert len({s["mermaid"] for s in FAMILY_SHAPES.values()}) == len(FAMILY_SHAPES)


@pytest.mark.parametrize("family", sorted(FAMILY_SHAPES))
def test_classes_of_one_shape_are_distinguishable_also_when_colour_blind(family: str) -> None:
    colours = [CLASS_COLOURS[c] for c in CLASS_ORDER if CLASS_FAMILY[c] == family]
    assert len(set(colours)) == len(colours), f"two {family} classes share a colour: {colours}"
    delta, a, b, vision = closest(colours)
    assert delta > MIN_DELTA_E, f"{family}: {a} and {b} differ by only {delta:.1f} ({vision})"


def test_the_whole_palette_is_distinguishable() -> None:
    delta, a, b, vision = closest(sorted(OKABE_ITO.values()))
    assert delta > MIN_DELTA_E, f"{a} and {b} differ by only {delta:.1f} ({vision})"


def test_the_check_catches_the_pairs_readers_confused() -> None:
    """The previous palette's two yellows, two greys and two pinks fail the same check."""
    for pair in (["#f0e442", "#ffd92f"], ["#b3b3b3", "#999999"], ["#cc79a7", "#e78ac3"]):
        assert closest(pair)[0] < MIN_DELTA_E, pair
