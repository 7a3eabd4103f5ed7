"""The page's slide deck: the charts a page shows in this run (`PageDeck`, items are
ui.export.SlideSpec), the button that builds them into a .pptx on click, and the page's slides menu
(`deck_menu`: that button in a popover, built only while the popover is open)."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from ui import export
from ui.i18n import t
from ui.safe import md_escape


@dataclass
class PageDeck:
    """The charts a page shows in this run, in order (a plain local object, not session state)."""

    title: str
    items: list[export.SlideSpec] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)  # the chart key of each item (None: unkeyed)

    def add(self, spec: export.SlideSpec, key: str | None = None) -> None:
        """Append `spec`; a chart already in the deck under `key` is replaced in its place (a fragment
        inside the page, rerun on its own, redraws its chart into the deck the page built)."""
        if key is not None and key in self.keys:
            self.items[self.keys.index(key)] = spec
            return
        self.items.append(spec)
        self.keys.append(key)


def deck_button(deck: PageDeck, lang: str, subtitle: str, key: str = "deck") -> None:
    """'This page's charts as .pptx': built on click with a progress bar, then offered for download.
    A fragment: choosing slides or building the deck reruns this part only."""
    st.divider()
    st.caption(t("deck_title", lang))
    _chooser(deck, lang, subtitle, key)


def menu_key(key: str) -> str:
    """The session key of `deck_menu`'s popover for the deck button `key`."""
    return f"{key}_menu"


@st.fragment
def deck_menu(deck: PageDeck, lang: str, subtitle: str, key: str = "deck") -> None:
    """The page's slides menu: a popover whose chooser and build button (as deck_button's) are made only
    while it is open. A fragment: opening or closing it reruns this part only, with the deck the page
    built (a fragment of the page that reruns on its own replaces its chart in that deck)."""
    pop = st.popover(t("deck_title", lang), icon=":material/slideshow:", key=menu_key(key), on_change="rerun")
    with pop:
        if pop.open:
            _chooser(deck, lang, subtitle, key)


def _chooser(deck: PageDeck, lang: str, subtitle: str, key: str) -> None:
    """The deck's chooser and build button, or a note that the view has no chart."""
    if not deck.items:
        st.caption(t("deck_none", lang))
        return
    _deck(deck, lang, subtitle, key)


@st.fragment
def _deck(deck: PageDeck, lang: str, subtitle: str, key: str) -> None:
    positions = list(range(len(deck.items)))
    chosen = st.multiselect(t("deck_pick", lang), positions, default=positions, placeholder=t("choose_options", lang),
                            key=f"{key}_pick" + ("" if lang == "ja" else f"_{lang}"),  # a new widget per language: its labels follow
                            format_func=lambda i: f"{i + 1}. {deck.items[i].title}")
    if not st.button(t("deck_build", lang), key=key, icon=":material/slideshow:", disabled=not chosen):
        return
    bar = st.progress(0.0, text=t("deck_progress", lang))
    slides = [deck.items[k] for k in sorted(chosen)]  # deck_bytes plains the on-screen footnote itself
    try:
        data = export.deck_bytes(slides, title=deck.title, subtitle=subtitle,
                                 progress=lambda f: bar.progress(min(max(float(f), 0.0), 1.0), text=t("deck_progress", lang)))
    except Exception as exc:  # ExportError carries a user-facing message; anything else is shown the same way
        bar.empty()
        st.error(t("deck_failed", lang, msg=md_escape(str(exc))))
        return
    bar.progress(1.0, text=t("deck_done", lang, n=len(slides)))
    st.download_button(t("deck_download", lang), data=data, file_name=f"{key}.pptx", key=f"{key}_dl",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       on_click="ignore", type="primary", icon=":material/download:")

