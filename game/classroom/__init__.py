"""Classroom challenge sessions: the class server (server.py over storage.py), the message
contract (schema.json, messages.py), re-simulation (verify.py), scores and CSV (scores.py),
nicknames (names.py), the game's client (client.py) and the dashboard's files (web/).

Sits beside game.app: it may use everything below app; nothing below imports it.
"""
