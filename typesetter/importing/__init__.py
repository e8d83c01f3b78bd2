"""A way into the manifest: the units' Word files (.docx), plain text and Markdown read
into plain imported articles (`article.ImportedArticle`), then written into an issue by
`add` (`typeset add`). Heavy readers (python-docx, ruamel.yaml) are imported here only."""
