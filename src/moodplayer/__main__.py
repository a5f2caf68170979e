from moodplayer.cli import main

raise SystemExit(main())
