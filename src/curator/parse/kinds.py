"""The kinds of line and block the block builder gives, shared by the builder and the per-document view."""

# Line kinds, in the order the classifier tries them.
BLANK = "blank"
HEADING = "heading"
TABLE_ROW = "table_row"
CAPTION = "caption"
RESIDUE = "residue"
NUMBERED = "numbered"
BULLETED = "bulleted"
INDENTED = "indented"
PARAGRAPH = "paragraph"
TITLE = "title"
TABLE = "table"
CHROME = "chrome"
FOLDED = "folded"  # a line whose content a rendering's normaliser moved into an earlier line (a table cell)

ITEM_KINDS = (NUMBERED, BULLETED, INDENTED)
