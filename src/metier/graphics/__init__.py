"""Vector graphics drawn with ReportLab and handed to templates as SVG; the only place that imports ReportLab."""
