# BandLift: resistance band leg lift trainer. Everything is in lib/bandlift; app.main() never returns.
from bandlift.app import main

main()
