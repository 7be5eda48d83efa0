"""The Qt screens. Thin: they show the domain objects the composition root passes in.

Importing the package imports Qt and keeps the binding's import hook from holding the
source text of every module loaded afterwards (``pyside_feature``).
"""

from intake_app.gui.pyside_feature import keep_no_source

keep_no_source()
