from regulate.cli import main

raise SystemExit(main())
