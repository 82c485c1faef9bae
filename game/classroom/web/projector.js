// filled in by the dashboard step
