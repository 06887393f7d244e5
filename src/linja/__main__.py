from linja.cli import main

main()
