from sokoguru.platform.cli import main

main()
