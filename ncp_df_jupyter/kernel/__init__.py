"""The core run from synchronous code, shared by the notebook faces (magics and widgets).

portal (one background I/O thread with its own event loop), blocking (``BlockingClient``),
connection (the kernel's shared connection and cache), display (tables, cards, YAML) and
command_line (the option parser both faces read and write). Nothing here imports a face.
"""
