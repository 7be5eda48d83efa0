"""One widget per item type, each made for fingers."""
