"""Documents → statistical statements: text from HTML/PDF/plain text, figures, metrics, periods."""
