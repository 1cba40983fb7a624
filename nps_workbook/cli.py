def main():  # replaced below
    raise SystemExit(0)
