"""Kawasaki FY2016 SME-policy dashboard: page setup, presenter options, navigation (ui/shell.py).

Run with `make run`. The sidebar's language, money unit and fiscal-year style live in the URL
(?lang=en&unit=百万円&fy=western), as do each page's filters, so a link reproduces the view. With
more than one report loaded (kpi.store: reports accepted beside the dataset), the sidebar chooses the
one shown (?report=川崎市-2017) and the trends page appears. When the data file is missing or
unusable, one friendly page says what is wrong and how to fix it; an unreadable accepted report is
named in a warning while the others are shown.
"""

from ui import shell

shell.main()
