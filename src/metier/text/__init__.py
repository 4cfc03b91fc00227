"""Text ready to print: labels, numbers, money, dates, Markdown and French typography."""
