"""NPS Workbook: load survey exports, compute Net Promoter statistics, build client workbooks."""
