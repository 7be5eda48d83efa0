"""The Qt screens. Thin: they show the domain objects the composition root passes in."""
