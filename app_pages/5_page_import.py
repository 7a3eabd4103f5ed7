"""取込 Import: the template (blank, or filled with the shown report), an uploader, the validation of
the upload (every issue located by file, sheet, row and column, in Japanese or English) and a preview
of what the dashboard would show. Session-only: nothing is written, and nobody else sees the upload;
an administrator accepts a report with `python -m kpi.exchange import`."""

import streamlit as st

from kpi import exchange
from ui import data, importer
from ui import state
from ui.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Load inputs.
p = state.prefs()
lang = p.lang
shown = data.report(p.key)
city, fy = p.key

st.title(t("im_title", lang))
st.caption(t("im_intro", lang))

# The template: blank (xlsx or CSV zip), or filled with the shown report. Built on click.
st.subheader(t("im_template", lang))
st.caption(t("im_template_caption", lang, sheets="・".join([exchange.INSTRUCTIONS_SHEET, *(s.name for s in exchange.SHEETS)])))
with st.container(horizontal=True):
    st.download_button(t("im_blank_xlsx", lang), data=lambda: exchange.template_xlsx(), file_name="report_template.xlsx",
                       mime=XLSX, key="im_blank_xlsx", on_click="ignore", icon=":material/download:")
    st.download_button(t("im_blank_csv", lang), data=lambda: exchange.template_csv_zip(), file_name="report_template_csv.zip",
                       mime="application/zip", key="im_blank_csv", on_click="ignore", icon=":material/download:")
    st.download_button(t("im_filled_xlsx", lang), data=lambda: exchange.template_xlsx(shown),
                       file_name=f"report_{city}_{fy}.xlsx", mime=XLSX, key="im_filled_xlsx", on_click="ignore",
                       help=t("im_filled_help", lang), icon=":material/download:")

# The upload (this session only).
st.subheader(t("im_upload", lang))
mb = exchange.MAX_UPLOAD_BYTES // 2**20
files = st.file_uploader(t("im_uploader", lang), accept_multiple_files=True, key="import_files",
                         max_upload_size=mb, help=t("im_uploader_help", lang, mb=mb))
if not files:
    st.info(t("im_none", lang), icon=":material/upload_file:")
else:
    result = importer.parse_uploads([(f.name, f.getvalue()) for f in files])
    importer.show_result(result, p, loaded_keys=data.report_keys())
