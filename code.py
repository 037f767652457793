# BandLift: resistance band leg lift trainer. Everything is in lib/bandlift; app.main() never returns.
# The guard: on a PC with the repo on sys.path this file shadows the standard library's `code` module
# (pdb imports it), and importing it must not start the device.
if __name__ != "code":
    try:  # .py modules compile without line-number tables, as the .mpy bundle's are: ~4 kB less heap on the
        import micropython  # board (tracebacks name the file and the function, with line 1)

        micropython.opt_level(3)
    except (ImportError, AttributeError):  # CPython, the twin
        pass
    from bandlift.app import main

    main()
