"""kpi: the report as tidy pandas frames, and the measures computed from them. Never imports Streamlit."""

from kpi.io import DataFileError, Report, read_report, read_report_bytes

__all__ = ["DataFileError", "Report", "read_report", "read_report_bytes"]
