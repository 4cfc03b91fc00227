"""HTML from templates, PDF from HTML. The only package that imports WeasyPrint."""
