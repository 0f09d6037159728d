from egisz.cli.main import main

main()
