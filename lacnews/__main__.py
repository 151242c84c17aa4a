from lacnews.cli import main

main()
