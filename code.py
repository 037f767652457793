# BandLift: resistance band leg lift trainer. Everything is in lib/bandlift; app.main() never returns.
# The guard: on a PC with the repo on sys.path this file shadows the standard library's `code` module
# (pdb imports it), and importing it must not start the device.
if __name__ != "code":
    from bandlift.app import main

    main()
