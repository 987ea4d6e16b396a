"""Demo content for the site: data (content.py) and locally generated artwork (images.py)."""
