from egisz.cli.main import app

app()
