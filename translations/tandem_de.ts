<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Tandem cannot start</source>
        <translation>Tandem kann nicht starten</translation>
    </message>
    <message>
        <source>Tandem</source>
        <translation>Tandem</translation>
    </message>
    <message>
        <source>%1.

Only one engine may run on a data directory. Stop `tandem serve` (or the other console) first, or open another data directory with `tandem --data DIR`.</source>
        <translation>%1.

Auf einem Datenverzeichnis darf nur eine Engine laufen. Beenden Sie zuerst `tandem serve` (oder die andere Konsole), oder öffnen Sie mit `tandem --data DIR` ein anderes Datenverzeichnis.</translation>
    </message>
    <message>
        <source>Tandem — demo</source>
        <translation>Tandem — Demo</translation>
    </message>
    <message>
        <source>no OS keychain is available to read the stored secret</source>
        <translation>kein Schlüsselbund des Systems verfügbar, um das gespeicherte Geheimnis zu lesen</translation>
    </message>
    <message>
        <source>the target &quot;%1&quot; no longer exists</source>
        <translation>das Ziel „%1“ existiert nicht mehr</translation>
    </message>
    <message>
        <source>the target &quot;%1&quot; was changed elsewhere meanwhile (%2); reopen it to see the change</source>
        <translation>das Ziel „%1“ wurde inzwischen an anderer Stelle geändert (%2); öffnen Sie es erneut, um die Änderung zu sehen</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not ADDRESS:PORT (e.g. 127.0.0.1:8470)</source>
        <translation>%1: „%2“ hat nicht die Form ADRESSE:PORT (z. B. 127.0.0.1:8470)</translation>
    </message>
    <message>
        <source>Settings › Ingest listener</source>
        <translation>Einstellungen › Ingest-Endpunkt</translation>
    </message>
</context>
<context>
    <name>Tandem::CapacityCheck</name>
    <message>
        <source>Backlog full: %1 deliveries are waiting (limit %2). New messages are refused with 503 until fewer than %3 wait.</source>
        <translation>Rückstau voll: %1 Zustellungen warten (Grenze %2). Neue Nachrichten werden mit 503 abgelehnt, bis weniger als %3 warten.</translation>
    </message>
    <message>
        <source>Backlog full</source>
        <translation>Rückstau voll</translation>
    </message>
    <message>
        <source>Backlog at %1% of its limit: %2 of %3 deliveries waiting. At the limit new messages are refused with 503.</source>
        <translation>Rückstau bei %1 % der Grenze: %2 von %3 Zustellungen warten. An der Grenze werden neue Nachrichten mit 503 abgelehnt.</translation>
    </message>
    <message>
        <source>Backlog %1%</source>
        <translation>Rückstau %1 %</translation>
    </message>
    <message>
        <source>the store&apos;s disk</source>
        <translation>dem Datenträger des Datenspeichers</translation>
    </message>
    <message>
        <source> The store takes %1.</source>
        <translation> Der Datenspeicher belegt %1.</translation>
    </message>
    <message>
        <source>Disk almost full: %1 free on %2. When it is full, new messages are refused (nothing stored is lost).%3</source>
        <translation>Datenträger fast voll: %1 frei auf %2. Ist er voll, werden neue Nachrichten abgelehnt (nichts Gespeichertes geht verloren).%3</translation>
    </message>
    <message>
        <source>Disk almost full</source>
        <translation>Datenträger fast voll</translation>
    </message>
    <message>
        <source>Disk space low: %1 free on %2.%3</source>
        <translation>Wenig Speicherplatz: %1 frei auf %2.%3</translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation>%1 frei</translation>
    </message>
    <message>
        <source>%1 dead letters are waiting. Tandem never drops them: replay or discard them before they fill the disk.</source>
        <translation>%1 unzustellbare Nachrichten warten. Tandem verwirft sie nie von selbst: Senden Sie sie erneut oder verwerfen Sie sie, bevor sie den Datenträger füllen.</translation>
    </message>
    <message>
        <source>%1 dead letters</source>
        <translation>%1 unzustellbare Nachrichten</translation>
    </message>
</context>
<context>
    <name>Tandem::Cli</name>
    <message>
        <source>Print JSON for scripts.</source>
        <translation>JSON für Skripte ausgeben.</translation>
    </message>
    <message>
        <source>Usage: tandem [--data DIR] COMMAND [ARGS]
       tandem [--data DIR] [--demo]   opens the desktop console

Tandem stores each message durably and delivers it to every enabled target API,
independently, with retries and a dead-letter queue.

Commands:
</source>
        <translation>Aufruf: tandem [--data DIR] BEFEHL [ARGUMENTE]
        tandem [--data DIR] [--demo]   öffnet die Desktop-Konsole

Tandem speichert jede Nachricht dauerhaft und stellt sie jeder aktivierten Ziel-API
unabhängig zu, mit Wiederholungen und einer Warteschlange für unzustellbare Nachrichten.

Befehle:
</translation>
    </message>
    <message>
        <source>
Global options:
  --data DIR     data directory (default: $TANDEM_DATA_DIR, else ~/.local/share/tandem)
  --demo         (console only) open the console on the demo of `tandem serve --demo`
  --version      print the version
  --help         this help; `tandem COMMAND --help` for a command&apos;s options

Exit status: 0 ok, 1 runtime error, 2 usage error.

Messages are in the system&apos;s language (LANGUAGE, LC_ALL, LANG) or the one chosen in the
console&apos;s settings; TANDEM_LANGUAGE=en or TANDEM_LANGUAGE=de overrides both. --json
output is always English.
</source>
        <translation>
Allgemeine Optionen:
  --data DIR     Datenverzeichnis (Standard: $TANDEM_DATA_DIR, sonst ~/.local/share/tandem)
  --demo         (nur Konsole) öffnet die Konsole mit der Demo von `tandem serve --demo`
  --version      gibt die Version aus
  --help         diese Hilfe; `tandem BEFEHL --help` zeigt die Optionen eines Befehls

Exit-Status: 0 in Ordnung, 1 Laufzeitfehler, 2 Aufruffehler.

Meldungen erscheinen in der Sprache des Systems (LANGUAGE, LC_ALL, LANG) oder in der in
den Einstellungen der Konsole gewählten; TANDEM_LANGUAGE=en oder TANDEM_LANGUAGE=de hat
Vorrang vor beiden. Die Ausgabe von --json ist immer englisch.
</translation>
    </message>
    <message>
        <source>Open the console on the demo (a temporary data directory unless --data).</source>
        <translation>Die Konsole mit der Demo öffnen (in einem temporären Datenverzeichnis, außer mit --data).</translation>
    </message>
    <message>
        <source>Show help.</source>
        <translation>Hilfe anzeigen.</translation>
    </message>
    <message>
        <source>Print the version.</source>
        <translation>Version ausgeben.</translation>
    </message>
    <message>
        <source>Data directory.</source>
        <translation>Datenverzeichnis.</translation>
    </message>
    <message>
        <source>Only the deliveries to this target.</source>
        <translation>Nur die Zustellungen an dieses Ziel.</translation>
    </message>
    <message>
        <source>Run the engine headless; Ctrl-C or SIGTERM drains in-flight requests and exits.</source>
        <translation>Die Engine ohne Oberfläche ausführen; Strg-C oder SIGTERM lässt laufende Anfragen abschließen und beendet sie.</translation>
    </message>
    <message>
        <source>Start two simulated targets on 127.0.0.1 and a traffic generator (in a fresh temporary data directory unless --data is given).</source>
        <translation>Zwei simulierte Ziele auf 127.0.0.1 und einen Lastgenerator starten (in einem neuen temporären Datenverzeichnis, sofern --data nicht angegeben ist).</translation>
    </message>
    <message>
        <source>Address of the HTTP endpoint (/metrics, /v1/health); default $TANDEM_LISTEN, else 127.0.0.1:8470; port 0 picks a free one.</source>
        <translation>Adresse des HTTP-Endpunkts (/metrics, /v1/health); Standard $TANDEM_LISTEN, sonst 127.0.0.1:8470; Port 0 wählt einen freien.</translation>
    </message>
    <message>
        <source>Refuse new messages while more deliveries than this wait (kept in the store for every producer; default 10000000).</source>
        <translation>Neue Nachrichten ablehnen, solange mehr Zustellungen als diese warten (im Datenspeicher für alle Produzenten hinterlegt; Standard 10000000).</translation>
    </message>
    <message>
        <source>Accept again once fewer than this wait (default 80 % of the high-water mark).</source>
        <translation>Wieder annehmen, sobald weniger als diese warten (Standard 80 % der Obergrenze).</translation>
    </message>
    <message>
        <source>Also write the JSON log lines to stderr.</source>
        <translation>Die JSON-Protokollzeilen zusätzlich auf stderr ausgeben.</translation>
    </message>
    <message>
        <source>Allow --listen on an address other machines can reach (the ingest token is still required).</source>
        <translation>--listen auf einer Adresse erlauben, die andere Rechner erreichen (das Ingest-Token bleibt erforderlich).</translation>
    </message>
    <message>
        <source>Read the ingest token from env:NAME or file:/path instead of the OS keychain (headless servers).</source>
        <translation>Das Ingest-Token aus env:NAME oder file:/pfad statt aus dem Schlüsselbund des Systems lesen (Server ohne Oberfläche).</translation>
    </message>
    <message>
        <source>How long to let in-flight requests finish when stopping (default 30).</source>
        <translation>Wie lange laufende Anfragen beim Beenden abschließen dürfen (Standard 30).</translation>
    </message>
    <message>
        <source>Store messages for delivery: JSON Lines (one message per line, streamed in constant memory and committed in batches of 5,000 messages or 8 MiB, with progress on stderr), or one JSON document (object or array, may span lines). A malformed line stops the import: the error says which lines were enqueued and the --skip that resumes after them.</source>
        <translation>Nachrichten zur Zustellung speichern: JSON Lines (eine Nachricht pro Zeile, mit konstantem Speicherbedarf gelesen und in Stapeln von 5.000 Nachrichten oder 8 MiB festgeschrieben, mit Fortschritt auf stderr) oder ein JSON-Dokument (Objekt oder Array, auch über mehrere Zeilen). Eine fehlerhafte Zeile beendet den Import: Die Fehlermeldung nennt die eingereihten Zeilen und das --skip, mit dem es danach weitergeht.</translation>
    </message>
    <message>
        <source>Skip the first N lines (read and counted, not enqueued), to resume an import that stopped; line numbers stay the input&apos;s.</source>
        <translation>Die ersten N Zeilen überspringen (gelesen und gezählt, nicht eingereiht), um einen abgebrochenen Import fortzusetzen; die Zeilennummern bleiben die der Eingabe.</translation>
    </message>
    <message>
        <source>Idempotency-Key for a single message (default: the message id).</source>
        <translation>Idempotency-Key für eine einzelne Nachricht (Standard: die Nachrichten-ID).</translation>
    </message>
    <message>
        <source>Partition key for every message.</source>
        <translation>Partitionsschlüssel für jede Nachricht.</translation>
    </message>
    <message>
        <source>The producer&apos;s W3C traceparent: attempts join its trace.</source>
        <translation>Der W3C-traceparent des Produzenten: Die Versuche werden Teil seines Traces.</translation>
    </message>
    <message>
        <source>Per-target queue depth, in-flight, delivered, dead and oldest pending age.</source>
        <translation>Pro Ziel: Warteschlangenlänge, unterwegs, zugestellt, unzustellbar und Alter der ältesten ausstehenden Zustellung.</translation>
    </message>
    <message>
        <source>Inspect, replay or discard dead letters (IDS are message ids).</source>
        <translation>Unzustellbare Nachrichten ansehen, erneut senden oder verwerfen (IDS sind Nachrichten-IDs).</translation>
    </message>
    <message>
        <source>Every dead letter (of --target, if given).</source>
        <translation>Alle unzustellbaren Nachrichten (von --target, falls angegeben).</translation>
    </message>
    <message>
        <source>At most this many rows for list (default 100).</source>
        <translation>Höchstens so viele Zeilen für list (Standard 100).</translation>
    </message>
    <message>
        <source>Manage target APIs: add FILE|-|NAME URL, edit NAME FILE|- (JSON patch), remove NAME, export [FILE], import FILE, pause NAME (hold its deliveries; nothing is dropped), resume NAME, reset NAME (close its circuit breaker), test NAME (send one real request with its credentials; show status, latency and TLS details).</source>
        <translation>Ziel-APIs verwalten: add FILE|-|NAME URL, edit NAME FILE|- (JSON-Patch), remove NAME, export [FILE], import FILE, pause NAME (Zustellungen zurückhalten; nichts wird verworfen), resume NAME, reset NAME (Circuit Breaker schließen), test NAME (eine echte Anfrage mit den Zugangsdaten senden; Status, Latenz und TLS-Details anzeigen).</translation>
    </message>
    <message>
        <source>test: the method (default POST).</source>
        <translation>test: die Methode (Standard POST).</translation>
    </message>
    <message>
        <source>test: another path (and query) on the target&apos;s host.</source>
        <translation>test: ein anderer Pfad (samt Query) auf dem Host des Ziels.</translation>
    </message>
    <message>
        <source>test: the body (default {}).</source>
        <translation>test: der Body (Standard {}).</translation>
    </message>
    <message>
        <source>Store a target&apos;s secret in the OS keychain, read from standard input (typed without echo on a terminal); the store keeps only a reference. On a server without a keychain, --env or --file refer to the secret instead.</source>
        <translation>Ein Geheimnis eines Ziels im Schlüsselbund des Systems ablegen, gelesen von der Standardeingabe (am Terminal ohne Echo eingegeben); der Datenspeicher behält nur einen Verweis. Auf einem Server ohne Schlüsselbund verweisen --env oder --file stattdessen auf das Geheimnis.</translation>
    </message>
    <message>
        <source>Which secret: auth (the token, API key, password or OAuth client secret of the target&apos;s auth kind), signing (the webhook signing secret) or client-key (the PEM private key of the TLS client certificate). Default auth.</source>
        <translation>Welches Geheimnis: auth (Token, API-Schlüssel, Passwort oder OAuth-Client-Secret der Authentifizierungsart des Ziels), signing (das Webhook-Signaturgeheimnis) oder client-key (der private PEM-Schlüssel des TLS-Client-Zertifikats). Standard auth.</translation>
    </message>
    <message>
        <source>Refer to this environment variable of the engine instead.</source>
        <translation>Stattdessen auf diese Umgebungsvariable der Engine verweisen.</translation>
    </message>
    <message>
        <source>Refer to this file instead (absolute path; only its owner may read it).</source>
        <translation>Stattdessen auf diese Datei verweisen (absoluter Pfad; nur ihr Eigentümer darf sie lesen).</translation>
    </message>
    <message>
        <source>Signing only: how long the previous secret keeps signing alongside the new one (default 24h; 0s ends it now).</source>
        <translation>Nur Signatur: wie lange das bisherige Geheimnis neben dem neuen weiter signiert (Standard 24h; 0s beendet es sofort).</translation>
    </message>
    <message>
        <source>Relay transactional-outbox tables (SQLite or PostgreSQL) into the store: add a source from JSON, list them, show one, remove it, pause or resume it, test it (connect, check the table and columns, count unpublished rows), or set its PostgreSQL password (from standard input into the OS keychain, or a reference env:VAR or file:/path).</source>
        <translation>Transactional-Outbox-Tabellen (SQLite oder PostgreSQL) in den Datenspeicher weiterleiten: eine Quelle aus JSON hinzufügen, alle auflisten, eine anzeigen, entfernen, anhalten oder fortsetzen, testen (verbinden, Tabelle und Spalten prüfen, unveröffentlichte Zeilen zählen) oder ihr PostgreSQL-Passwort setzen (von der Standardeingabe in den Schlüsselbund des Systems oder als Verweis env:VAR oder file:/pfad).</translation>
    </message>
    <message>
        <source>Show the ingest API&apos;s bearer token (created in the OS keychain if there is none yet), or replace it with --rotate (the old one stops working).</source>
        <translation>Das Bearer-Token der Ingest-API anzeigen (im Schlüsselbund des Systems angelegt, falls es noch keines gibt) oder mit --rotate ersetzen (das alte wird ungültig).</translation>
    </message>
    <message>
        <source>Replace the token with a new one.</source>
        <translation>Das Token durch ein neues ersetzen.</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;; see `tandem --help`</source>
        <translation>unbekannter Befehl „%1“; siehe `tandem --help`</translation>
    </message>
    <message>
        <source>%1; see `tandem %2--help`</source>
        <translation>%1; siehe `tandem %2--help`</translation>
    </message>
    <message>
        <source>Usage: tandem [--data DIR] %1 %2</source>
        <translation>Aufruf: tandem [--data DIR] %1 %2</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>no display for the desktop console (DISPLAY and WAYLAND_DISPLAY are not set); run a command:</source>
        <translation>keine Anzeige für die Desktop-Konsole (DISPLAY und WAYLAND_DISPLAY sind nicht gesetzt); führen Sie einen Befehl aus:</translation>
    </message>
    <message>
        <source>status takes no arguments</source>
        <translation>status nimmt keine Argumente</translation>
    </message>
    <message>
        <source>data:   %1</source>
        <translation>Daten:  %1</translation>
    </message>
    <message>
        <source>engine: running (pid %1)</source>
        <translation>Engine: läuft (PID %1)</translation>
    </message>
    <message>
        <source>engine: not running</source>
        <translation>Engine: läuft nicht</translation>
    </message>
    <message>
        <source>No targets yet: add one with `tandem targets add NAME URL`.</source>
        <translation>Noch keine Ziele: Fügen Sie eines mit `tandem targets add NAME URL` hinzu.</translation>
    </message>
    <message>
        <source>TARGET</source>
        <translation>ZIEL</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>ZUSTAND</translation>
    </message>
    <message>
        <source>BREAKER</source>
        <translation>BREAKER</translation>
    </message>
    <message>
        <source>PENDING</source>
        <translation>AUSSTEHEND</translation>
    </message>
    <message>
        <source>RETRYING</source>
        <translation>WIEDERHOLUNG</translation>
    </message>
    <message>
        <source>IN FLIGHT</source>
        <translation>UNTERWEGS</translation>
    </message>
    <message>
        <source>DELIVERED</source>
        <translation>ZUGESTELLT</translation>
    </message>
    <message>
        <source>DEAD</source>
        <translation>UNZUSTELLBAR</translation>
    </message>
    <message>
        <source>OLDEST PENDING</source>
        <translation>ÄLTESTE AUSSTEHENDE</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>held</source>
        <translation>zurückgehalten</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>aktiviert</translation>
    </message>
    <message>
        <source>%1 sends nothing: %2</source>
        <translation>%1 sendet nichts: %2</translation>
    </message>
    <message>
        <source>%L1 ms</source>
        <translation>%L1 ms</translation>
    </message>
    <message>
        <source>%L1 s</source>
        <translation>%L1 s</translation>
    </message>
    <message>
        <source>%L1 min %L2 s</source>
        <translation>%L1 min %L2 s</translation>
    </message>
    <message>
        <source>%L1 h %L2 min</source>
        <translation>%L1 h %L2 min</translation>
    </message>
    <message>
        <source>%L1 d %L2 h</source>
        <translation>%L1 T %L2 h</translation>
    </message>
    <message>
        <source>closed</source>
        <comment>circuit breaker</comment>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>open</source>
        <comment>circuit breaker</comment>
        <translation>offen</translation>
    </message>
    <message>
        <source>half open</source>
        <comment>circuit breaker</comment>
        <translation>halb offen</translation>
    </message>
    <message>
        <source>line %1: a message must be a JSON object or array</source>
        <translation>Zeile %1: Eine Nachricht muss ein JSON-Objekt oder -Array sein</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
    </message>
    <message>
        <source>no message in the input</source>
        <translation>keine Nachricht in der Eingabe</translation>
    </message>
    <message>
        <source>no message after line %1 (the input has %2 lines)</source>
        <translation>keine Nachricht nach Zeile %1 (die Eingabe hat %2 Zeilen)</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>--skip %1 goes beyond the end of the input (%2 lines)</source>
        <translation>--skip %1 reicht über das Ende der Eingabe hinaus (%2 Zeilen)</translation>
    </message>
    <message>
        <source>the JSON document starting at line %1 is larger than %2 (line %1 opens an object or array that it does not close, so the input is read as one document; JSON Lines need a whole message on each line)</source>
        <translation>das JSON-Dokument ab Zeile %1 ist größer als %2 (Zeile %1 öffnet ein Objekt oder Array, das sie nicht schließt, deshalb wird die Eingabe als ein Dokument gelesen; JSON Lines brauchen eine vollständige Nachricht pro Zeile)</translation>
    </message>
    <message>
        <source>--key gives one Idempotency-Key, but the input holds more than one message (line %1 is the second)</source>
        <translation>--key gibt einen Idempotency-Key vor, aber die Eingabe enthält mehr als eine Nachricht (Zeile %1 ist die zweite)</translation>
    </message>
    <message>
        <source>cannot create the data directory %1</source>
        <translation>das Datenverzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot read standard input</source>
        <translation>die Standardeingabe kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MiB</source>
        <translation>%1 ist größer als %2 MiB</translation>
    </message>
    <message>
        <source>standard input</source>
        <translation>Standardeingabe</translation>
    </message>
    <message>
        <source>no target named &quot;%1&quot;</source>
        <translation>kein Ziel namens „%1“</translation>
    </message>
    <message>
        <source>%1: line %2: %3</source>
        <translation>%1: Zeile %2: %3</translation>
    </message>
    <message>
        <source>%1: expected a JSON object</source>
        <translation>%1: JSON-Objekt erwartet</translation>
    </message>
    <message>
        <source>nothing on standard input (%1); nothing changed</source>
        <translation>nichts auf der Standardeingabe (%1); nichts wurde geändert</translation>
    </message>
    <message>
        <source>warning: the keychain entry %1 could not be removed: %2</source>
        <translation>Warnung: Der Schlüsselbund-Eintrag %1 konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>No dead letters.</source>
        <translation>Keine unzustellbaren Nachrichten.</translation>
    </message>
    <message>
        <source>MESSAGE ID</source>
        <translation>NACHRICHTEN-ID</translation>
    </message>
    <message>
        <source>DEAD SINCE</source>
        <translation>UNZUSTELLBAR SEIT</translation>
    </message>
    <message>
        <source>ATTEMPTS</source>
        <translation>VERSUCHE</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>GRUND</translation>
    </message>
    <message numerus="yes">
        <source>(first %Ln shown; --limit N for more)</source>
        <translation>
            <numerusform>(die erste wird angezeigt; --limit N für mehr)</numerusform>
            <numerusform>(die ersten %Ln werden angezeigt; --limit N für mehr)</numerusform>
        </translation>
    </message>
    <message>
        <source>dlq show takes one message id</source>
        <translation>dlq show nimmt genau eine Nachrichten-ID</translation>
    </message>
    <message>
        <source>message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>idempotency key</source>
        <translation>Idempotenzschlüssel</translation>
    </message>
    <message>
        <source>created</source>
        <translation>angelegt</translation>
    </message>
    <message>
        <source>partition key</source>
        <translation>Partitionsschlüssel</translation>
    </message>
    <message>
        <source>payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %Ln attempt(s)</source>
        <translation>
            <numerusform>%1: %2, %Ln Versuch</numerusform>
            <numerusform>%1: %2, %Ln Versuche</numerusform>
        </translation>
    </message>
    <message>
        <source>payload v%1</source>
        <translation>Nutzdaten v%1</translation>
    </message>
    <message>
        <source>round %1 #%2</source>
        <translation>Runde %1 Nr. %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>dlq needs a sub-command: list, show, replay or discard</source>
        <translation>dlq braucht einen Unterbefehl: list, show, replay oder discard</translation>
    </message>
    <message>
        <source>--limit must be a positive number</source>
        <translation>--limit muss eine positive Zahl sein</translation>
    </message>
    <message>
        <source>unknown dlq sub-command &quot;%1&quot; (list, show, replay, discard)</source>
        <translation>unbekannter dlq-Unterbefehl „%1“ (list, show, replay, discard)</translation>
    </message>
    <message>
        <source>dlq %1 needs message ids or --all (not both)</source>
        <translation>dlq %1 braucht Nachrichten-IDs oder --all (nicht beides)</translation>
    </message>
    <message>
        <source>no dead letter matches %1</source>
        <translation>keine unzustellbare Nachricht passt zu %1</translation>
    </message>
    <message>
        <source>no dead letter matches %1 for target %2</source>
        <translation>keine unzustellbare Nachricht passt zu %1 für das Ziel %2</translation>
    </message>
    <message numerus="yes">
        <source>replayed %Ln dead delivery(s)</source>
        <translation>
            <numerusform>%Ln unzustellbare Zustellung erneut gesendet</numerusform>
            <numerusform>%Ln unzustellbare Zustellungen erneut gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>discarded %Ln dead delivery(s)</source>
        <translation>
            <numerusform>%Ln unzustellbare Zustellung verworfen</numerusform>
            <numerusform>%Ln unzustellbare Zustellungen verworfen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln Nachricht</numerusform>
            <numerusform>%Ln Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>lines %1–%2</source>
        <translation>Zeilen %1–%2</translation>
    </message>
    <message>
        <source>line %1 was enqueued (%2) and nothing after it</source>
        <translation>Zeile %1 wurde eingereiht (%2), nichts danach</translation>
    </message>
    <message>
        <source>lines %1–%2 were enqueued (%3) and nothing after them</source>
        <translation>Zeilen %1–%2 wurden eingereiht (%3), nichts danach</translation>
    </message>
    <message>
        <source>nothing after line %1 was enqueued</source>
        <translation>nach Zeile %1 wurde nichts eingereiht</translation>
    </message>
    <message>
        <source>nothing was enqueued</source>
        <translation>nichts wurde eingereiht</translation>
    </message>
    <message>
        <source>fix the line and resume with: %1</source>
        <translation>berichtigen Sie die Zeile und setzen Sie fort mit: %1</translation>
    </message>
    <message>
        <source>resume with: %1</source>
        <translation>fortsetzen mit: %1</translation>
    </message>
    <message>
        <source>enqueue takes one FILE (or - for standard input)</source>
        <translation>enqueue nimmt eine DATEI (oder - für die Standardeingabe)</translation>
    </message>
    <message>
        <source>reading messages from a terminal: give a FILE, or pipe JSON into `tandem enqueue -`</source>
        <translation>Nachrichten würden vom Terminal gelesen: Geben Sie eine DATEI an, oder leiten Sie JSON per Pipe in `tandem enqueue -`</translation>
    </message>
    <message>
        <source>--skip: expected a number of lines (0 or more), not &quot;%1&quot;</source>
        <translation>--skip: erwartet eine Zeilenzahl (0 oder mehr), nicht „%1“</translation>
    </message>
    <message>
        <source>enqueued %1 from %2 in %3 (%4/s)</source>
        <translation>%1 aus %2 in %3 eingereiht (%4/s)</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message numerus="yes">
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln Zeile</numerusform>
            <numerusform>%Ln Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>enqueue: %1, %2, %3/s</source>
        <translation>enqueue: %1, %2, %3/s</translation>
    </message>
    <message>
        <source>, %1 % of %2</source>
        <translation>, %1 % von %2</translation>
    </message>
    <message>
        <source>, ETA %1</source>
        <translation>, noch %1</translation>
    </message>
    <message>
        <source>usage: tandem ingest token [--rotate]</source>
        <translation>Aufruf: tandem ingest token [--rotate]</translation>
    </message>
    <message>
        <source>%1; no token was replaced</source>
        <translation>%1; es wurde kein Token ersetzt</translation>
    </message>
    <message>
        <source>%1; no token was shown</source>
        <translation>%1; es wurde kein Token angezeigt</translation>
    </message>
    <message>
        <source>the old token no longer works; a running engine switches to this one within a few seconds</source>
        <translation>das alte Token gilt nicht mehr; eine laufende Engine wechselt innerhalb weniger Sekunden zu diesem</translation>
    </message>
    <message>
        <source>--ingest-token: %1</source>
        <translation>--ingest-token: %1</translation>
    </message>
    <message>
        <source>the stored ingest token reference is invalid: %1; replace it with `tandem ingest token --rotate`</source>
        <translation>der gespeicherte Verweis auf das Ingest-Token ist ungültig: %1; ersetzen Sie ihn mit `tandem ingest token --rotate`</translation>
    </message>
    <message>
        <source>no ingest token yet</source>
        <translation>noch kein Ingest-Token</translation>
    </message>
    <message>
        <source>reading line %1: %2</source>
        <translation>beim Lesen von Zeile %1: %2</translation>
    </message>
    <message>
        <source>line %1 is longer than %2</source>
        <translation>Zeile %1 ist länger als %2</translation>
    </message>
    <message>
        <source>no outbox source named &quot;%1&quot;</source>
        <translation>keine Outbox-Quelle namens „%1“</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>relaying</source>
        <translation>leitet weiter</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>outbox source &quot;%1&quot; is an SQLite file: it has no password</source>
        <translation>die Outbox-Quelle „%1“ ist eine SQLite-Datei: Sie hat kein Passwort</translation>
    </message>
    <message>
        <source>password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>%1; nothing changed</source>
        <translation>%1; nichts wurde geändert</translation>
    </message>
    <message>
        <source>outbox source %1 now reads its password from %2; a running `tandem serve` reconnects with it within seconds</source>
        <translation>die Outbox-Quelle %1 liest ihr Passwort jetzt aus %2; ein laufendes `tandem serve` verbindet sich damit innerhalb von Sekunden neu</translation>
    </message>
    <message>
        <source>outbox source &quot;%1&quot;: %2</source>
        <translation>Outbox-Quelle „%1“: %2</translation>
    </message>
    <message>
        <source>%1: connected to %2 %3; table &quot;%4&quot; has every configured column</source>
        <translation>%1: verbunden mit %2 %3; die Tabelle „%4“ hat alle konfigurierten Spalten</translation>
    </message>
    <message numerus="yes">
        <source>%1; %Ln unpublished row(s) (the oldest written %2 ago)</source>
        <translation>
            <numerusform>%1; %Ln unveröffentlichte Zeile (geschrieben vor %2)</numerusform>
            <numerusform>%1; %Ln unveröffentlichte Zeilen (die älteste geschrieben vor %2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; %Ln unpublished row(s)</source>
        <translation>
            <numerusform>%1; %Ln unveröffentlichte Zeile</numerusform>
            <numerusform>%1; %Ln unveröffentlichte Zeilen</numerusform>
        </translation>
    </message>
    <message>
        <source>OUTBOX</source>
        <translation>OUTBOX</translation>
    </message>
    <message>
        <source>DRIVER</source>
        <translation>TREIBER</translation>
    </message>
    <message>
        <source>RELAYED</source>
        <translation>WEITERGELEITET</translation>
    </message>
    <message>
        <source>BACKLOG</source>
        <translation>RÜCKSTAU</translation>
    </message>
    <message>
        <source>OLDEST UNPUBLISHED</source>
        <translation>ÄLTESTE UNVERÖFFENTLICHTE</translation>
    </message>
    <message>
        <source>LAST POLL</source>
        <translation>LETZTE ABFRAGE</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>outbox needs a sub-command: %1</source>
        <translation>outbox braucht einen Unterbefehl: %1</translation>
    </message>
    <message>
        <source>unknown outbox sub-command &quot;%1&quot; (%2)</source>
        <translation>unbekannter outbox-Unterbefehl „%1“ (%2)</translation>
    </message>
    <message>
        <source>add FILE|-   (one source as JSON)</source>
        <translation>add FILE|-   (eine Quelle als JSON)</translation>
    </message>
    <message>
        <source>password NAME [env:VAR|file:/path]   (without one: read from standard input into the OS keychain)</source>
        <translation>password NAME [env:VAR|file:/pfad]   (ohne Verweis: von der Standardeingabe in den Schlüsselbund des Systems)</translation>
    </message>
    <message>
        <source>usage: tandem outbox %1</source>
        <translation>Aufruf: tandem outbox %1</translation>
    </message>
    <message>
        <source>%1; nothing was added</source>
        <translation>%1; nichts wurde hinzugefügt</translation>
    </message>
    <message>
        <source>added outbox source %1; a running `tandem serve` starts relaying it within seconds</source>
        <translation>Outbox-Quelle %1 hinzugefügt; ein laufendes `tandem serve` beginnt innerhalb von Sekunden mit der Weiterleitung</translation>
    </message>
    <message>
        <source>added outbox source %1 (disabled)</source>
        <translation>Outbox-Quelle %1 hinzugefügt (deaktiviert)</translation>
    </message>
    <message>
        <source>warning: the store&apos;s idempotency window is shorter than an hour: `tandem serve` relays no outbox source until it is raised</source>
        <translation>Warnung: Das Idempotenzfenster des Datenspeichers ist kürzer als eine Stunde: `tandem serve` leitet keine Outbox-Quelle weiter, bis es vergrößert wird</translation>
    </message>
    <message>
        <source>No outbox sources yet: add one with `tandem outbox add FILE`.</source>
        <translation>Noch keine Outbox-Quellen: Fügen Sie eine mit `tandem outbox add FILE` hinzu.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>DATABASE</source>
        <translation>DATENBANK</translation>
    </message>
    <message>
        <source>TABLE</source>
        <translation>TABELLE</translation>
    </message>
    <message>
        <source>removed outbox source %1 (its table is left as it is)</source>
        <translation>Outbox-Quelle %1 entfernt (ihre Tabelle bleibt unverändert)</translation>
    </message>
    <message>
        <source>paused outbox source %1 (its rows wait in its table; nothing is lost)</source>
        <translation>Outbox-Quelle %1 angehalten (ihre Zeilen warten in ihrer Tabelle; nichts geht verloren)</translation>
    </message>
    <message>
        <source>resumed outbox source %1</source>
        <translation>Outbox-Quelle %1 fortgesetzt</translation>
    </message>
    <message>
        <source>--grace: &quot;%1&quot; is not a duration such as 90s, 30m, 24h or 7d</source>
        <translation>--grace: „%1“ ist keine Dauer wie 90s, 30m, 24h oder 7d</translation>
    </message>
    <message>
        <source>usage: tandem secret set|clear TARGET [--kind auth|signing|client-key]</source>
        <translation>Aufruf: tandem secret set|clear ZIEL [--kind auth|signing|client-key]</translation>
    </message>
    <message>
        <source>--kind: &quot;%1&quot; is not auth, signing or client-key</source>
        <translation>--kind: „%1“ ist weder auth noch signing noch client-key</translation>
    </message>
    <message>
        <source>--env and --file exclude each other</source>
        <translation>--env und --file schließen einander aus</translation>
    </message>
    <message>
        <source>--env and --file go with `secret set`</source>
        <translation>--env und --file gehören zu `secret set`</translation>
    </message>
    <message>
        <source>target %1 uses no authentication (auth.kind is none); choose a kind first, e.g. `echo &apos;{&quot;auth&quot;: {&quot;kind&quot;: &quot;bearer&quot;}}&apos; | tandem targets edit %1 -`</source>
        <translation>das Ziel %1 verwendet keine Authentifizierung (auth.kind ist none); wählen Sie zuerst eine Art, z. B. `echo &apos;{&quot;auth&quot;: {&quot;kind&quot;: &quot;bearer&quot;}}&apos; | tandem targets edit %1 -`</translation>
    </message>
    <message>
        <source>target %1 has no tls.client_certificate; set that first (tandem targets edit)</source>
        <translation>das Ziel %1 hat kein tls.client_certificate; legen Sie das zuerst fest (tandem targets edit)</translation>
    </message>
    <message>
        <source>cleared the signing secret of %1 (requests are no longer signed)</source>
        <translation>Signaturgeheimnis von %1 entfernt (Anfragen werden nicht mehr signiert)</translation>
    </message>
    <message>
        <source>cleared %1 of %2 (its deliveries wait until a secret is set)</source>
        <translation>%1 von %2 entfernt (seine Zustellungen warten, bis ein Geheimnis gesetzt ist)</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 für %2</translation>
    </message>
    <message>
        <source>; the previous secret also signs until %1</source>
        <translation>; das bisherige Geheimnis signiert zusätzlich bis %1</translation>
    </message>
    <message>
        <source>stored %1 of %2 as a reference to the environment variable %3</source>
        <translation>%1 von %2 als Verweis auf die Umgebungsvariable %3 gespeichert</translation>
    </message>
    <message>
        <source>stored %1 of %2 as a reference to the file %3</source>
        <translation>%1 von %2 als Verweis auf die Datei %3 gespeichert</translation>
    </message>
    <message>
        <source>stored %1 of %2 in the OS keychain</source>
        <translation>%1 von %2 im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <source>; a running engine applies it within a second</source>
        <translation>; eine laufende Engine übernimmt es innerhalb einer Sekunde</translation>
    </message>
    <message>
        <source>serve takes no arguments</source>
        <translation>serve nimmt keine Argumente</translation>
    </message>
    <message>
        <source>--drain-timeout must be a number of seconds from 0 to 3600</source>
        <translation>--drain-timeout muss eine Sekundenzahl von 0 bis 3600 sein</translation>
    </message>
    <message>
        <source>--listen: &quot;%1&quot; is not ADDRESS:PORT (e.g. 127.0.0.1:8470)</source>
        <translation>--listen: „%1“ hat nicht die Form ADRESSE:PORT (z. B. 127.0.0.1:8470)</translation>
    </message>
    <message>
        <source>--listen %1 would let other machines reach the ingest API; add --allow-remote if that is meant (the bearer token is still required)</source>
        <translation>--listen %1 würde die Ingest-API für andere Rechner erreichbar machen; geben Sie --allow-remote an, wenn das gewollt ist (das Bearer-Token bleibt erforderlich)</translation>
    </message>
    <message>
        <source>--backlog-high and --backlog-low take whole numbers</source>
        <translation>--backlog-high und --backlog-low nehmen ganze Zahlen</translation>
    </message>
    <message>
        <source>demo data directory: %1</source>
        <translation>Datenverzeichnis der Demo: %1</translation>
    </message>
    <message>
        <source>watch it from another terminal: %1</source>
        <translation>in einem anderen Terminal beobachten: %1</translation>
    </message>
    <message>
        <source>%1: %2 in %3 over HTTP/2</source>
        <translation>%1: %2 in %3 über HTTP/2</translation>
    </message>
    <message>
        <source>%1: %2 in %3</source>
        <translation>%1: %2 in %3</translation>
    </message>
    <message>
        <source>%1, %2; certificate %3 issued by %4, valid until %5</source>
        <translation>%1, %2; Zertifikat %3, ausgestellt von %4, gültig bis %5</translation>
    </message>
    <message>
        <source>; client certificate sent</source>
        <translation>; Client-Zertifikat gesendet</translation>
    </message>
    <message>
        <source>targets needs a sub-command: list, show, add, edit, remove, export, import, pause, resume, reset or test</source>
        <translation>targets braucht einen Unterbefehl: list, show, add, edit, remove, export, import, pause, resume, reset oder test</translation>
    </message>
    <message>
        <source>usage: tandem targets %1</source>
        <translation>Aufruf: tandem targets %1</translation>
    </message>
    <message>
        <source>unknown targets sub-command &quot;%1&quot; (%2)</source>
        <translation>unbekannter targets-Unterbefehl „%1“ (%2)</translation>
    </message>
    <message>
        <source>add NAME URL | add FILE|-   (FILE: one target as JSON)</source>
        <translation>add NAME URL | add FILE|-   (FILE: ein Ziel als JSON)</translation>
    </message>
    <message>
        <source>edit NAME FILE|-   (a JSON object with the fields to change)</source>
        <translation>edit NAME FILE|-   (ein JSON-Objekt mit den zu ändernden Feldern)</translation>
    </message>
    <message>
        <source>%1: %2; nothing was imported</source>
        <translation>%1: %2; nichts wurde importiert</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>CONCURRENCY</source>
        <translation>PARALLELITÄT</translation>
    </message>
    <message>
        <source>MAX ATTEMPTS</source>
        <translation>MAX. VERSUCHE</translation>
    </message>
    <message>
        <source>added target %1</source>
        <translation>Ziel %1 hinzugefügt</translation>
    </message>
    <message>
        <source>%1; nothing was changed</source>
        <translation>%1; nichts wurde geändert</translation>
    </message>
    <message>
        <source>updated target %1</source>
        <translation>Ziel %1 aktualisiert</translation>
    </message>
    <message>
        <source>removed target %1</source>
        <translation>Ziel %1 entfernt</translation>
    </message>
    <message>
        <source>asked the engine to reset the circuit breaker of %1 (it applies within a second)</source>
        <translation>die Engine wurde gebeten, den Circuit Breaker von %1 zurückzusetzen (wirkt innerhalb einer Sekunde)</translation>
    </message>
    <message>
        <source>paused target %1 (its deliveries wait; nothing is dropped)</source>
        <translation>Ziel %1 angehalten (seine Zustellungen warten; nichts wird verworfen)</translation>
    </message>
    <message>
        <source>resumed target %1</source>
        <translation>Ziel %1 fortgesetzt</translation>
    </message>
    <message>
        <source>%1; nothing was imported</source>
        <translation>%1; nichts wurde importiert</translation>
    </message>
    <message numerus="yes">
        <source>imported %Ln target(s)</source>
        <translation>
            <numerusform>%Ln Ziel importiert</numerusform>
            <numerusform>%Ln Ziele importiert</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>unterwegs</translation>
    </message>
    <message>
        <source>waiting to retry</source>
        <translation>wartet auf Wiederholung</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>zugestellt</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>unzustellbar</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>error (the store failing), warning (also dead deliveries and breakers opening), info (every state change) or debug (also every attempt) for the JSON log in DIR/logs/tandem.log (default info).</source>
        <translation>error (Fehler des Datenspeichers), warning (zusätzlich unzustellbare Zustellungen und sich öffnende Breaker), info (jede Zustandsänderung) oder debug (zusätzlich jeder Versuch) für das JSON-Protokoll in DIR/logs/tandem.log (Standard info).</translation>
    </message>
    <message>
        <source>Retry-After %1 s</source>
        <translation>Retry-After %1 s</translation>
    </message>
    <message>
        <source>--log-level must be error, warning, info or debug</source>
        <translation>--log-level muss error, warning, info oder debug sein</translation>
    </message>
</context>
<context>
    <name>Tandem::Config</name>
    <message>
        <source>%1: must be an object</source>
        <translation>%1: muss ein Objekt sein</translation>
    </message>
    <message>
        <source>%1: unknown kind &quot;%2&quot; (expected none, bearer, api_key, basic or oauth2_client_credentials)</source>
        <translation>%1: unbekannte Art „%2“ (erwartet: none, bearer, api_key, basic oder oauth2_client_credentials)</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a usable header name</source>
        <translation>%1: „%2“ ist kein verwendbarer Header-Name</translation>
    </message>
    <message>
        <source>%1: required, and may not contain &apos;:&apos;</source>
        <translation>%1: erforderlich und darf kein &apos;:&apos; enthalten</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not an http:// or https:// URL with a host (and no credentials in it)</source>
        <translation>%1: „%2“ ist keine http://- oder https://-URL mit Host (und ohne Zugangsdaten)</translation>
    </message>
    <message>
        <source>%1: required</source>
        <translation>%1: erforderlich</translation>
    </message>
    <message>
        <source>%1: must be a whole number</source>
        <translation>%1: muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>%1: must be a number</source>
        <translation>%1: muss eine Zahl sein</translation>
    </message>
    <message>
        <source>%1: %2 is out of range (%3 to %4)</source>
        <translation>%1: %2 liegt außerhalb des Bereichs (%3 bis %4)</translation>
    </message>
    <message>
        <source>%1: unknown key &quot;%2&quot;</source>
        <translation>%1: unbekannter Schlüssel „%2“</translation>
    </message>
    <message>
        <source>%1: must be a string or null</source>
        <translation>%1: muss eine Zeichenkette oder null sein</translation>
    </message>
    <message>
        <source>%1: must be a string</source>
        <translation>%1: muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>%1: must be an object or null</source>
        <translation>%1: muss ein Objekt oder null sein</translation>
    </message>
    <message>
        <source>%1: must be an object of field: &quot;/json/pointer&quot;</source>
        <translation>%1: muss ein Objekt aus Feld: &quot;/json/pointer&quot; sein</translation>
    </message>
    <message>
        <source>%1: a field name may not be empty</source>
        <translation>%1: Ein Feldname darf nicht leer sein</translation>
    </message>
    <message>
        <source>%1: must be a JSON Pointer string such as &quot;/user/email&quot;</source>
        <translation>%1: muss ein JSON-Pointer als Zeichenkette sein, etwa &quot;/user/email&quot;</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a JSON Pointer (it starts with &apos;/&apos;, and &apos;~&apos; is written ~0, &apos;/&apos; inside a name ~1)</source>
        <translation>%1: „%2“ ist kein JSON-Pointer (er beginnt mit &apos;/&apos;; &apos;~&apos; wird als ~0 geschrieben, &apos;/&apos; innerhalb eines Namens als ~1)</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is both mapped and constant</source>
        <translation>%1: „%2“ ist zugleich zugeordnet und konstant</translation>
    </message>
    <message>
        <source>%1: maps nothing (give fields or constants, or null to send the whole message)</source>
        <translation>%1: ordnet nichts zu (geben Sie Felder oder Konstanten an, oder null, um die ganze Nachricht zu senden)</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not an ISO 8601 time with a zone (e.g. 2026-11-24T12:00:00Z)</source>
        <translation>%1: „%2“ ist keine ISO-8601-Zeit mit Zeitzone (z. B. 2026-11-24T12:00:00Z)</translation>
    </message>
    <message>
        <source>%1: previous_secret and previous_until go together</source>
        <translation>%1: previous_secret und previous_until gehören zusammen</translation>
    </message>
    <message>
        <source>%1: a previous secret needs a current one</source>
        <translation>%1: Ein bisheriges Geheimnis setzt ein aktuelles voraus</translation>
    </message>
    <message>
        <source>%1: must be a number from 1 to 100</source>
        <translation>%1: muss eine Zahl von 1 bis 100 sein</translation>
    </message>
    <message>
        <source>%1: unknown jitter mode &quot;%2&quot; (expected none, full, equal or decorrelated)</source>
        <translation>%1: unbekannter Jitter-Modus „%2“ (erwartet: none, full, equal oder decorrelated)</translation>
    </message>
    <message>
        <source>%1: must be an array of HTTP status codes</source>
        <translation>%1: muss ein Array von HTTP-Statuscodes sein</translation>
    </message>
    <message>
        <source>%1: %2 is not an error status (300 to 599)</source>
        <translation>%1: %2 ist kein Fehlerstatus (300 bis 599)</translation>
    </message>
    <message>
        <source>%1: max_delay_ms (%2) is less than base_delay_ms (%3)</source>
        <translation>%1: max_delay_ms (%2) ist kleiner als base_delay_ms (%3)</translation>
    </message>
    <message>
        <source>%1: &quot;name&quot; is required</source>
        <translation>%1: „name“ ist erforderlich</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a valid name (letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, at most 63, starting with a letter or digit)</source>
        <translation>%1: „%2“ ist kein gültiger Name (Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos;, höchstens 63, beginnend mit Buchstabe oder Ziffer)</translation>
    </message>
    <message>
        <source>%1: &quot;url&quot; is required</source>
        <translation>%1: „url“ ist erforderlich</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not an http:// or https:// URL with a host</source>
        <translation>%1: „%2“ ist keine http://- oder https://-URL mit Host</translation>
    </message>
    <message>
        <source>%1: credentials in the URL are not allowed (they would be stored in clear); configure auth instead</source>
        <translation>%1: Zugangsdaten in der URL sind nicht erlaubt (sie würden im Klartext gespeichert); konfigurieren Sie stattdessen auth</translation>
    </message>
    <message>
        <source>%1: a URL fragment is never sent; remove &quot;#%2&quot;</source>
        <translation>%1: Ein URL-Fragment wird nie gesendet; entfernen Sie „#%2“</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not supported (POST, PUT or PATCH)</source>
        <translation>%1: „%2“ wird nicht unterstützt (POST, PUT oder PATCH)</translation>
    </message>
    <message>
        <source>%1: must be an object of strings</source>
        <translation>%1: muss ein Objekt aus Zeichenketten sein</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a valid header name</source>
        <translation>%1: „%2“ ist kein gültiger Header-Name</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is set by Tandem and cannot be overridden</source>
        <translation>%1: „%2“ setzt Tandem selbst; er kann nicht überschrieben werden</translation>
    </message>
    <message>
        <source>%1.%2: must be a string</source>
        <translation>%1.%2: muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is given twice (header names ignore case)</source>
        <translation>%1: „%2“ ist doppelt angegeben (Header-Namen unterscheiden keine Groß- und Kleinschreibung)</translation>
    </message>
    <message>
        <source>%1.%2: a header value may not contain line breaks</source>
        <translation>%1.%2: Ein Header-Wert darf keine Zeilenumbrüche enthalten</translation>
    </message>
    <message>
        <source>%1: must be true or false</source>
        <translation>%1: muss true oder false sein</translation>
    </message>
    <message>
        <source>%1: unknown mode &quot;%2&quot; (expected auto, off or prior_knowledge)</source>
        <translation>%1: unbekannter Modus „%2“ (erwartet: auto, off oder prior_knowledge)</translation>
    </message>
    <message>
        <source>%1: prior_knowledge is for clear-text http:// URLs; over https HTTP/2 is negotiated (use auto)</source>
        <translation>%1: prior_knowledge ist für unverschlüsselte http://-URLs; über https wird HTTP/2 ausgehandelt (verwenden Sie auto)</translation>
    </message>
    <message>
        <source>%1: unknown ordering &quot;%2&quot; (expected none or per_key)</source>
        <translation>%1: unbekannte Reihenfolge „%2“ (erwartet: none oder per_key)</translation>
    </message>
    <message>
        <source>%1: unknown policy &quot;%2&quot; (expected block or skip)</source>
        <translation>%1: unbekannte Regel „%2“ (erwartet: block oder skip)</translation>
    </message>
    <message>
        <source>%1: TLS settings need an https:// URL</source>
        <translation>%1: TLS-Einstellungen setzen eine https://-URL voraus</translation>
    </message>
    <message>
        <source>name: a target cannot be renamed (remove it and add it anew)</source>
        <translation>name: Ein Ziel kann nicht umbenannt werden (entfernen Sie es und fügen Sie es neu hinzu)</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>unknown key &quot;%1&quot; (expected only &quot;targets&quot;)</source>
        <translation>unbekannter Schlüssel „%1“ (erwartet wird nur „targets“)</translation>
    </message>
    <message>
        <source>expected an object {&quot;targets&quot;: [...]}</source>
        <translation>Objekt {&quot;targets&quot;: [...]} erwartet</translation>
    </message>
    <message>
        <source>%1: the name &quot;%2&quot; is used twice</source>
        <translation>%1: Der Name „%2“ kommt doppelt vor</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be an absolute path</source>
        <translation>%1: „%2“ muss ein absoluter Pfad sein</translation>
    </message>
    <message>
        <source>%1: a client_key needs a client_certificate</source>
        <translation>%1: Ein client_key setzt ein client_certificate voraus</translation>
    </message>
    <message>
        <source>%1: unknown window &quot;%2&quot; (expected count or time)</source>
        <translation>%1: unbekanntes Fenster „%2“ (erwartet: count oder time)</translation>
    </message>
    <message>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a plain SQL identifier (a letter or &apos;_&apos;, then letters, digits or &apos;_&apos;, at most 63; optionally schema.table)</source>
        <translation>„%1“ ist kein einfacher SQL-Bezeichner (ein Buchstabe oder &apos;_&apos;, dann Buchstaben, Ziffern oder &apos;_&apos;, höchstens 63; optional schema.tabelle)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a plain SQL identifier (a letter or &apos;_&apos;, then letters, digits or &apos;_&apos;, at most 63)</source>
        <translation>„%1“ ist kein einfacher SQL-Bezeichner (ein Buchstabe oder &apos;_&apos;, dann Buchstaben, Ziffern oder &apos;_&apos;, höchstens 63)</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>muss ein Objekt sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an absolute path</source>
        <translation>„%1“ ist kein absoluter Pfad</translation>
    </message>
    <message>
        <source>may not contain spaces, quotes, &apos;\&apos;, &apos;;&apos; or &apos;=&apos; (at most 255 characters)</source>
        <translation>darf keine Leerzeichen, Anführungszeichen, &apos;\&apos;, &apos;;&apos; oder &apos;=&apos; enthalten (höchstens 255 Zeichen)</translation>
    </message>
    <message>
        <source>id, payload and published must be three different columns (&quot;%1&quot; is used twice)</source>
        <translation>id, payload und published müssen drei verschiedene Spalten sein („%1“ kommt doppelt vor)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid name (letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, at most 63, starting with a letter or digit)</source>
        <translation>„%1“ ist kein gültiger Name (Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos;, höchstens 63, beginnend mit Buchstabe oder Ziffer)</translation>
    </message>
    <message>
        <source>unknown driver &quot;%1&quot; (expected sqlite or postgres)</source>
        <translation>unbekannter Treiber „%1“ (erwartet: sqlite oder postgres)</translation>
    </message>
    <message>
        <source>unknown kind &quot;%1&quot; (expected timestamp or boolean)</source>
        <translation>unbekannte Art „%1“ (erwartet: timestamp oder boolean)</translation>
    </message>
    <message>
        <source>LISTEN/NOTIFY needs the postgres driver; SQLite sources are polled</source>
        <translation>LISTEN/NOTIFY setzt den Treiber postgres voraus; SQLite-Quellen werden regelmäßig abgefragt</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>muss true oder false sein</translation>
    </message>
    <message>
        <source>a secret reference is `keychain:&lt;id&gt;` (id: 1 to 128 of A-Z a-z 0-9 . _ -), `env:&lt;NAME&gt;` (an environment variable: letters, digits and _, not starting with a digit) or `file:&lt;/absolute/path&gt;`</source>
        <translation>ein Verweis auf ein Geheimnis lautet `keychain:&lt;id&gt;` (id: 1 bis 128 aus A-Z a-z 0-9 . _ -), `env:&lt;NAME&gt;` (eine Umgebungsvariable: Buchstaben, Ziffern und _, nicht mit einer Ziffer beginnend) oder `file:&lt;/absoluter/pfad&gt;`</translation>
    </message>
    <message>
        <source>invalid `keychain:` reference: the id must be 1 to 128 of A-Z a-z 0-9 . _ - (%1)</source>
        <translation>ungültiger `keychain:`-Verweis: Die id muss aus 1 bis 128 Zeichen A-Z a-z 0-9 . _ - bestehen (%1)</translation>
    </message>
    <message>
        <source>invalid `env:` reference: the variable name must be letters, digits and _, not starting with a digit (%1)</source>
        <translation>ungültiger `env:`-Verweis: Der Variablenname besteht aus Buchstaben, Ziffern und _ und beginnt nicht mit einer Ziffer (%1)</translation>
    </message>
    <message>
        <source>invalid `file:` reference: the path must be absolute (%1)</source>
        <translation>ungültiger `file:`-Verweis: Der Pfad muss absolut sein (%1)</translation>
    </message>
    <message>
        <source>the secret reference is empty: %1</source>
        <translation>der Verweis auf das Geheimnis ist leer: %1</translation>
    </message>
    <message>
        <source>this is not a secret reference: %1. It looks like a secret value, which must not be put in the configuration: store it with `tandem secret set` instead</source>
        <translation>das ist kein Verweis auf ein Geheimnis: %1. Es sieht nach dem Geheimnis selbst aus, und das gehört nicht in die Konfiguration: Speichern Sie es stattdessen mit `tandem secret set`</translation>
    </message>
</context>
<context>
    <name>Tandem::Demo::DemoSetup</name>
    <message>
        <source>cannot listen on 127.0.0.1 for the simulated targets</source>
        <translation>für die simulierten Ziele kann nicht auf 127.0.0.1 gelauscht werden</translation>
    </message>
</context>
<context>
    <name>Tandem::EngineHost</name>
    <message>
        <source>cannot create the data directory %1</source>
        <translation>das Datenverzeichnis %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>another Tandem engine (pid %1) is already serving %2</source>
        <translation>eine andere Tandem-Engine (PID %1) bedient bereits %2</translation>
    </message>
    <message>
        <source>cannot create the lock file %1 (permissions?)</source>
        <translation>die Sperrdatei %1 kann nicht angelegt werden (Berechtigungen?)</translation>
    </message>
    <message>
        <source>cannot create a temporary data directory: %1</source>
        <translation>es kann kein temporäres Datenverzeichnis angelegt werden: %1</translation>
    </message>
</context>
<context>
    <name>Tandem::Store</name>
    <message>
        <source>store %1: not a file</source>
        <translation>Datenspeicher %1: keine Datei</translation>
    </message>
    <message>
        <source>store %1: %2 is not a directory</source>
        <translation>Datenspeicher %1: %2 ist kein Verzeichnis</translation>
    </message>
    <message>
        <source>store %1: the directory %2 is not writable</source>
        <translation>Datenspeicher %1: Das Verzeichnis %2 ist nicht beschreibbar</translation>
    </message>
    <message>
        <source>store %1: the file is not writable (permissions)</source>
        <translation>Datenspeicher %1: Die Datei ist nicht beschreibbar (Berechtigungen)</translation>
    </message>
    <message>
        <source>store %1: not a Tandem store, or corrupt (%2)</source>
        <translation>Datenspeicher %1: kein Tandem-Datenspeicher oder beschädigt (%2)</translation>
    </message>
    <message>
        <source>store %1: not a Tandem store (another application&apos;s SQLite database)</source>
        <translation>Datenspeicher %1: kein Tandem-Datenspeicher (die SQLite-Datenbank einer anderen Anwendung)</translation>
    </message>
    <message>
        <source>store %1: schema version %2 is newer than this Tandem supports (%3); upgrade Tandem</source>
        <translation>Datenspeicher %1: Schemaversion %2 ist neuer, als diese Tandem-Version unterstützt (%3); aktualisieren Sie Tandem</translation>
    </message>
    <message>
        <source>store %1: cannot switch to WAL journal mode (got %2)</source>
        <translation>Datenspeicher %1: kann nicht in den WAL-Journalmodus wechseln (erhalten: %2)</translation>
    </message>
    <message>
        <source>a target named &quot;%1&quot; exists already</source>
        <translation>ein Ziel namens „%1“ gibt es bereits</translation>
    </message>
    <message>
        <source>no target named &quot;%1&quot;</source>
        <translation>kein Ziel namens „%1“</translation>
    </message>
    <message numerus="yes">
        <source>target &quot;%1&quot; still has %n undelivered delivery(s) (pending, in flight or dead); disable it, let them finish and discard the dead ones first</source>
        <translation>
            <numerusform>das Ziel „%1“ hat noch %n nicht zugestellte Zustellung (ausstehend, unterwegs oder unzustellbar); deaktivieren Sie es, lassen Sie sie abschließen und verwerfen Sie zuerst die unzustellbare</numerusform>
            <numerusform>das Ziel „%1“ hat noch %n nicht zugestellte Zustellungen (ausstehend, unterwegs oder unzustellbar); deaktivieren Sie es, lassen Sie sie abschließen und verwerfen Sie zuerst die unzustellbaren</numerusform>
        </translation>
    </message>
    <message>
        <source>backlog limits: the low-water mark (%1) must be between 0 and the high-water mark (%2), which must be at least 1</source>
        <translation>Rückstaugrenzen: Die Untergrenze (%1) muss zwischen 0 und der Obergrenze (%2) liegen, und diese muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>idempotency window: %1 ms is less than a second</source>
        <translation>Idempotenzfenster: %1 ms sind weniger als eine Sekunde</translation>
    </message>
    <message>
        <source>no message with id %1</source>
        <translation>keine Nachricht mit der ID %1</translation>
    </message>
    <message>
        <source>no delivery with id %1</source>
        <translation>keine Zustellung mit der ID %1</translation>
    </message>
    <message>
        <source>an edited payload needs a reason (it is kept with the edit)</source>
        <translation>geänderte Nutzdaten brauchen eine Begründung (sie wird mit der Änderung aufbewahrt)</translation>
    </message>
    <message>
        <source>delivery %1 is %2, not dead: only a dead letter can be edited</source>
        <translation>die Zustellung %1 ist %2, nicht unzustellbar: Nur unzustellbare Nachrichten lassen sich bearbeiten</translation>
    </message>
    <message>
        <source>the payload is unchanged: nothing to store as a new version</source>
        <translation>die Nutzdaten sind unverändert: Es gibt keine neue Version zu speichern</translation>
    </message>
    <message>
        <source>no outbox source named &quot;%1&quot;</source>
        <translation>keine Outbox-Quelle namens „%1“</translation>
    </message>
    <message>
        <source>an outbox source named &quot;%1&quot; exists already</source>
        <translation>eine Outbox-Quelle namens „%1“ gibt es bereits</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::AttemptHistoryModel</name>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source>Sent the original payload (version 1)</source>
        <translation>Ursprüngliche Nutzdaten gesendet (Version 1)</translation>
    </message>
    <message>
        <source>Sent edited payload version %1</source>
        <translation>Geänderte Nutzdaten gesendet, Version %1</translation>
    </message>
    <message>
        <source>Round %1, attempt %2</source>
        <translation>Runde %1, Versuch %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Payload version</source>
        <translation>Nutzdatenversion</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>%L1 ms</source>
        <translation>%L1 ms</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::CapacityBanner</name>
    <message>
        <source>Capacity critical.</source>
        <translation>Kapazität kritisch.</translation>
    </message>
    <message>
        <source>Capacity warning.</source>
        <translation>Kapazitätswarnung.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::ChartRange</name>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>/min</source>
        <translation>/min</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 T</translation>
    </message>
    <message>
        <source>No deliveries in the last 5 minutes</source>
        <translation>Keine Zustellungen in den letzten 5 Minuten</translation>
    </message>
    <message>
        <source>No deliveries in the last hour</source>
        <translation>Keine Zustellungen in der letzten Stunde</translation>
    </message>
    <message>
        <source>No deliveries in the last 24 hours</source>
        <translation>Keine Zustellungen in den letzten 24 Stunden</translation>
    </message>
    <message>
        <source>No deliveries in the last 7 days</source>
        <translation>Keine Zustellungen in den letzten 7 Tagen</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::ClockText</name>
    <message>
        <source>%L1 ms</source>
        <translation>%L1 ms</translation>
    </message>
    <message>
        <source>%L1 s</source>
        <translation>%L1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%L1 h %2 min</source>
        <translation>%L1 h %2 min</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::DeadLetterBrowser</name>
    <message>
        <source>HTTP 4xx</source>
        <translation>HTTP 4xx</translation>
    </message>
    <message>
        <source>HTTP 429</source>
        <translation>HTTP 429</translation>
    </message>
    <message>
        <source>HTTP 5xx</source>
        <translation>HTTP 5xx</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Redirect</source>
        <translation>Umleitung</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;Replay selected</source>
        <translation>Auswahl &amp;erneut senden</translation>
    </message>
    <message>
        <source>Send the selected messages to their targets again (Ctrl+R)</source>
        <translation>Die ausgewählten Nachrichten erneut an ihre Ziele senden (Strg+R)</translation>
    </message>
    <message>
        <source>&amp;Discard selected…</source>
        <translation>Auswahl &amp;verwerfen …</translation>
    </message>
    <message>
        <source>Give up on the selected deliveries (Del)</source>
        <translation>Die ausgewählten Zustellungen aufgeben (Entf)</translation>
    </message>
    <message>
        <source>&amp;Export selection…</source>
        <translation>Auswahl e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Save the selected dead letters as JSON Lines (Ctrl+E)</source>
        <translation>Die ausgewählten unzustellbaren Nachrichten als JSON Lines speichern (Strg+E)</translation>
    </message>
    <message>
        <source>Replay &amp;all matching…</source>
        <translation>&amp;Alle passenden erneut senden …</translation>
    </message>
    <message>
        <source>Send every dead letter matching the filter and group again, paced by each target&apos;s rate limit (Ctrl+Shift+R)</source>
        <translation>Alle zu Filter und Gruppe passenden unzustellbaren Nachrichten erneut senden, im Takt des Ratenlimits jedes Ziels (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>All targets</source>
        <translation>Alle Ziele</translation>
    </message>
    <message>
        <source>Any status or error</source>
        <translation>Jeder Status, jeder Fehler</translation>
    </message>
    <message>
        <source>Status code or error class</source>
        <translation>Statuscode oder Fehlerklasse</translation>
    </message>
    <message>
        <source>Pick an error class or type an HTTP status code, like 503</source>
        <translation>Wählen Sie eine Fehlerklasse oder geben Sie einen HTTP-Statuscode ein, etwa 503</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Beliebige Zeit</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Search payload, message id or error  (Ctrl+F)</source>
        <translation>Nutzdaten, Nachrichten-ID oder Fehler durchsuchen  (Strg+F)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>1 dead letter</source>
        <translation>1 unzustellbare Nachricht</translation>
    </message>
    <message>
        <source>%L1 dead letters</source>
        <translation>%L1 unzustellbare Nachrichten</translation>
    </message>
    <message>
        <source>No dead letters match this filter.</source>
        <translation>Keine unzustellbare Nachricht passt zu diesem Filter.</translation>
    </message>
    <message>
        <source>No dead letters.
Deliveries that run out of retries, or that a target refuses for good, wait here for you to replay or discard them.</source>
        <translation>Keine unzustellbaren Nachrichten.
Zustellungen, deren Wiederholungen ausgeschöpft sind oder die ein Ziel endgültig ablehnt, warten hier darauf, dass Sie sie erneut senden oder verwerfen.</translation>
    </message>
    <message>
        <source>Discard dead letters</source>
        <translation>Unzustellbare Nachrichten verwerfen</translation>
    </message>
    <message>
        <source>Discard 1 dead letter? It will not be delivered; its history is kept.</source>
        <translation>1 unzustellbare Nachricht verwerfen? Sie wird nicht zugestellt; ihr Verlauf bleibt erhalten.</translation>
    </message>
    <message>
        <source>Discard %L1 dead letters? They will not be delivered; their history is kept.</source>
        <translation>%L1 unzustellbare Nachrichten verwerfen? Sie werden nicht zugestellt; ihr Verlauf bleibt erhalten.</translation>
    </message>
    <message>
        <source>Failure groups</source>
        <translation>Fehlergruppen</translation>
    </message>
    <message>
        <source>Showing all failures</source>
        <translation>Alle Fehler werden angezeigt</translation>
    </message>
    <message>
        <source>All failures</source>
        <translation>Alle Fehler</translation>
    </message>
    <message>
        <source>Show the dead letters of every group again</source>
        <translation>Wieder die unzustellbaren Nachrichten aller Gruppen anzeigen</translation>
    </message>
    <message>
        <source>Click a group to see only its dead letters and act on them</source>
        <translation>Klicken Sie auf eine Gruppe, um nur ihre unzustellbaren Nachrichten zu sehen und zu bearbeiten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Release no further dead letters; those already sent carry on</source>
        <translation>Keine weiteren unzustellbaren Nachrichten freigeben; bereits gesendete laufen weiter</translation>
    </message>
    <message>
        <source>Showing %1 · %2</source>
        <translation>Angezeigt: %1 · %2</translation>
    </message>
    <message>
        <source>Replay the 1 dead letter matching the filter?</source>
        <translation>Die 1 zum Filter passende unzustellbare Nachricht erneut senden?</translation>
    </message>
    <message>
        <source>Replay all %L1 dead letters matching the filter? They are sent again oldest first, paced by each target&apos;s rate limit and breaker; you can cancel while it runs.</source>
        <translation>Alle %L1 zum Filter passenden unzustellbaren Nachrichten erneut senden? Sie werden, die älteste zuerst, im Takt von Ratenlimit und Breaker jedes Ziels erneut gesendet; Sie können den Vorgang währenddessen abbrechen.</translation>
    </message>
    <message>
        <source>Replay all matching</source>
        <translation>Alle passenden erneut senden</translation>
    </message>
    <message>
        <source>Replaying all matching: %L1 of %L2 sent again · %L3 delivered · %L4 failed again · %L5 waiting</source>
        <translation>Alle passenden werden erneut gesendet: %L1 von %L2 gesendet · %L3 zugestellt · %L4 erneut fehlgeschlagen · %L5 wartend</translation>
    </message>
    <message>
        <source>The next dead letters are sent once the waiting ones are delivered or fail again; an open breaker or a paused target holds them.</source>
        <translation>Die nächsten unzustellbaren Nachrichten werden gesendet, sobald die wartenden zugestellt oder erneut fehlgeschlagen sind; ein offener Breaker oder ein angehaltenes Ziel hält sie zurück.</translation>
    </message>
    <message>
        <source>Replay all cancelled: %L1 of %L2 sent again (%L3 delivered, %L4 failed again); those sent carry on, the rest stay here.</source>
        <translation>Erneutes Senden abgebrochen: %L1 von %L2 gesendet (%L3 zugestellt, %L4 erneut fehlgeschlagen); die gesendeten laufen weiter, die übrigen bleiben hier.</translation>
    </message>
    <message>
        <source>Replayed %L1 of %L2: %L3 delivered, %L4 failed again.</source>
        <translation>%L1 von %L2 erneut gesendet: %L3 zugestellt, %L4 erneut fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Export dead letters</source>
        <translation>Unzustellbare Nachrichten exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>No failure group matches this filter.</source>
        <translation>Keine Fehlergruppe passt zu diesem Filter.</translation>
    </message>
    <message>
        <source>No failures yet. Dead letters are grouped here by target, status and error, so that you can act on a whole group at once.</source>
        <translation>Noch keine Fehler. Unzustellbare Nachrichten werden hier nach Ziel, Status und Fehler gruppiert, damit Sie eine ganze Gruppe auf einmal bearbeiten können.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::DeadLetterDetailPane</name>
    <message>
        <source>Edit and &amp;replay…</source>
        <translation>Bearbeiten und &amp;erneut senden …</translation>
    </message>
    <message>
        <source>Fix this dead letter&apos;s payload and send it again to its target; the original is kept (Ctrl+Shift+E)</source>
        <translation>Die Nutzdaten dieser unzustellbaren Nachricht berichtigen und erneut an ihr Ziel senden; das Original bleibt erhalten (Strg+Umschalt+E)</translation>
    </message>
    <message>
        <source>Copy as &amp;curl</source>
        <translation>Als &amp;curl kopieren</translation>
    </message>
    <message>
        <source>Copy a curl command that sends this request; secrets are left out, safe to paste in a ticket (Ctrl+Shift+C)</source>
        <translation>Einen curl-Befehl kopieren, der diese Anfrage sendet; ohne Geheimnisse, daher gefahrlos in ein Ticket einzufügen (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <source>As a replay sends it to this target now. Secrets are masked (•••••); the traceparent span and any signature change with every attempt.</source>
        <translation>So, wie ein erneutes Senden sie jetzt an dieses Ziel schickt. Geheimnisse sind maskiert (•••••); der traceparent-Span und eine Signatur ändern sich mit jedem Versuch.</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>Request sent</source>
        <translation>Gesendete Anfrage</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Select a dead letter to see its payload, the request sent and every attempt.</source>
        <translation>Wählen Sie eine unzustellbare Nachricht, um ihre Nutzdaten, die gesendete Anfrage und jeden Versuch zu sehen.</translation>
    </message>
    <message>
        <source>Target: %1</source>
        <translation>Ziel: %1</translation>
    </message>
    <message>
        <source>Created: %1</source>
        <translation>Angelegt: %1</translation>
    </message>
    <message>
        <source>Idempotency-Key: %1</source>
        <translation>Idempotency-Key: %1</translation>
    </message>
    <message>
        <source>Partition key: %1</source>
        <translation>Partitionsschlüssel: %1</translation>
    </message>
    <message>
        <source>Payload: version %1, edited (the original is version 1)</source>
        <translation>Nutzdaten: Version %1, geändert (das Original ist Version 1)</translation>
    </message>
    <message>
        <source>Dead because: %1</source>
        <translation>Unzustellbar, weil: %1</translation>
    </message>
    <message>
        <source>This delivery cannot be sent as it is: %1</source>
        <translation>Diese Zustellung kann so nicht gesendet werden: %1</translation>
    </message>
    <message>
        <source>Versions (%1)</source>
        <translation>Versionen (%1)</translation>
    </message>
    <message>
        <source>Changes against version %1:
</source>
        <translation>Änderungen gegenüber Version %1:
</translation>
    </message>
    <message>
        <source>Tandem: message %1 to %2, payload version %3, as a replay would send it.</source>
        <translation>Tandem: Nachricht %1 an %2, Nutzdatenversion %3, so wie ein erneutes Senden sie schicken würde.</translation>
    </message>
    <message>
        <source>Copied. Secrets are left out: set the variables it names.</source>
        <translation>Kopiert. Geheimnisse sind ausgelassen: Setzen Sie die darin genannten Variablen.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::DeadLetterGroupModel</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>(no error text)</source>
        <translation>(kein Fehlertext)</translation>
    </message>
    <message>
        <source>%1 — for example: %2</source>
        <translation>%1 — zum Beispiel: %2</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Unzustellbare Nachrichten</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Zuerst gesehen</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::DeadLetterModel</name>
    <message>
        <source>Message ID</source>
        <translation>Nachrichten-ID</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Dead since</source>
        <translation>Unzustellbar seit</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Last status or error</source>
        <translation>Letzter Status oder Fehler</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::DeliveryPanel</name>
    <message>
        <source>Why: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Last error: %1.</source>
        <translation>Letzter Fehler: %1.</translation>
    </message>
    <message>
        <source>The answer&apos;s Retry-After (%1) set the next attempt, not the backoff.</source>
        <translation>Den nächsten Versuch bestimmte das Retry-After der Antwort (%1), nicht der Backoff.</translation>
    </message>
    <message>
        <source>The retry budget held the next attempt back.</source>
        <translation>Das Wiederholungsbudget hat den nächsten Versuch zurückgehalten.</translation>
    </message>
    <message>
        <source>A fresh access token is tried at once, before the backoff.</source>
        <translation>Ein neues Zugriffstoken wird sofort versucht, noch vor dem Backoff.</translation>
    </message>
    <message>
        <source>Replay %1: earlier attempts are kept below.</source>
        <translation>Erneutes Senden %1: Frühere Versuche stehen weiter unten.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::DeliveryTimeline</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>connection error</source>
        <translation>Verbindungsfehler</translation>
    </message>
    <message>
        <source>TLS error</source>
        <translation>TLS-Fehler</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>Protokollfehler</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>unzustellbar</translation>
    </message>
    <message>
        <source>dead: %1</source>
        <translation>unzustellbar: %1</translation>
    </message>
    <message>
        <source>dead: %1 ×%2</source>
        <translation>unzustellbar: %1 ×%2</translation>
    </message>
    <message>
        <source>dead after %1 attempts, last: %2</source>
        <translation>unzustellbar nach %1 Versuchen, zuletzt: %2</translation>
    </message>
    <message>
        <source>delivered %1 (attempt %2)</source>
        <translation>zugestellt %1 (Versuch %2)</translation>
    </message>
    <message>
        <source>delivered %1</source>
        <translation>zugestellt %1</translation>
    </message>
    <message>
        <source>retrying: attempt %1 due since %2, held: %3</source>
        <translation>Wiederholung: Versuch %1 fällig seit %2, zurückgehalten: %3</translation>
    </message>
    <message>
        <source>retrying: attempt %1 due since %2</source>
        <translation>Wiederholung: Versuch %1 fällig seit %2</translation>
    </message>
    <message>
        <source>retrying: attempt %1 at %2 (in %3)</source>
        <translation>Wiederholung: Versuch %1 um %2 (in %3)</translation>
    </message>
    <message>
        <source>sending attempt %1</source>
        <translation>Versuch %1 wird gesendet</translation>
    </message>
    <message>
        <source>replayed, waiting to be sent</source>
        <translation>erneut eingereiht, wartet auf das Senden</translation>
    </message>
    <message>
        <source>pending, not sent yet</source>
        <translation>ausstehend, noch nicht gesendet</translation>
    </message>
    <message>
        <source>pending: attempt %1 next</source>
        <translation>ausstehend: als Nächstes Versuch %1</translation>
    </message>
    <message>
        <source>discarded %1</source>
        <translation>verworfen %1</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::DeliveryTimelineModel</name>
    <message>
        <source>%1 (replay %2)</source>
        <translation>%1 (erneutes Senden %2)</translation>
    </message>
    <message>
        <source>Response: %1</source>
        <translation>Antwort: %1</translation>
    </message>
    <message>
        <source>%1 (next)</source>
        <translation>%1 (nächster)</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>backoff window %1 – %2</source>
        <translation>Backoff-Fenster %1 – %2</translation>
    </message>
    <message>
        <source>backoff window unknown (the target&apos;s policy is gone)</source>
        <translation>Backoff-Fenster unbekannt (die Richtlinie des Ziels gibt es nicht mehr)</translation>
    </message>
    <message>
        <source>Retry-After overrode the backoff (%1)</source>
        <translation>Retry-After hatte Vorrang vor dem Backoff (%1)</translation>
    </message>
    <message>
        <source>held back by the retry budget (%1)</source>
        <translation>vom Wiederholungsbudget zurückgehalten (%1)</translation>
    </message>
    <message>
        <source>sooner than the backoff: a fresh token is tried at once (%1)</source>
        <translation>früher als der Backoff: Ein neues Token wird sofort versucht (%1)</translation>
    </message>
    <message>
        <source>%1, honoured</source>
        <translation>%1, beachtet</translation>
    </message>
    <message>
        <source>The engine draws the delay from the target&apos;s retry policy (backoff with jitter) unless a 429 or 503 answer carried a Retry-After, which it honours up to the policy&apos;s maximum delay.</source>
        <translation>Die Engine bestimmt die Verzögerung aus der Wiederholungsrichtlinie des Ziels (Backoff mit Jitter), es sei denn, eine 429- oder 503-Antwort brachte ein Retry-After mit; das beachtet sie bis zur maximalen Verzögerung der Richtlinie.</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Retry-After</source>
        <translation>Retry-After</translation>
    </message>
    <message>
        <source>%L1 ms</source>
        <translation>%L1 ms</translation>
    </message>
    <message>
        <source>The answer had no Retry-After, or the attempt was recorded before Tandem kept it.</source>
        <translation>Die Antwort hatte kein Retry-After, oder der Versuch wurde aufgezeichnet, bevor Tandem es aufbewahrte.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::EditPayloadDialog</name>
    <message>
        <source>Edit payload and replay</source>
        <translation>Nutzdaten bearbeiten und erneut senden</translation>
    </message>
    <message>
        <source>Message %1 to %2</source>
        <translation>Nachricht %1 an %2</translation>
    </message>
    <message>
        <source>The original payload is kept. Your edit becomes version %1, stored with your reason and the diff below, and only the delivery to %2 is replayed, with the message&apos;s Idempotency-Key. The target&apos;s payload mapping still applies.</source>
        <translation>Die ursprünglichen Nutzdaten bleiben erhalten. Ihre Änderung wird Version %1, gespeichert mit Ihrer Begründung und dem Diff unten, und nur die Zustellung an %2 wird erneut gesendet, mit dem Idempotency-Key der Nachricht. Die Nutzdaten-Zuordnung des Ziels gilt weiterhin.</translation>
    </message>
    <message>
        <source>Changes against version %1</source>
        <translation>Änderungen gegenüber Version %1</translation>
    </message>
    <message>
        <source>Payload (JSON)</source>
        <translation>Nutzdaten (JSON)</translation>
    </message>
    <message>
        <source>Why this change? e.g. &quot;customer confirmed the address, ticket OPS-1234&quot; (required, kept with the version)</source>
        <translation>Warum diese Änderung? z. B. „Kunde hat die Adresse bestätigt, Ticket OPS-1234“ (erforderlich, wird mit der Version aufbewahrt)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begründung:</translation>
    </message>
    <message>
        <source>&amp;Replay edited payload</source>
        <translation>Geänderte Nutzdaten &amp;erneut senden</translation>
    </message>
    <message>
        <source>Not valid JSON: line %1, column %2: %3</source>
        <translation>Kein gültiges JSON: Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>(no diff while the payload is not valid JSON)</source>
        <translation>(kein Diff, solange die Nutzdaten kein gültiges JSON sind)</translation>
    </message>
    <message>
        <source>Valid JSON, but this target&apos;s payload mapping cannot use it: %1</source>
        <translation>Gültiges JSON, aber die Nutzdaten-Zuordnung dieses Ziels kann es nicht verwenden: %1</translation>
    </message>
    <message>
        <source>Valid JSON</source>
        <translation>Gültiges JSON</translation>
    </message>
    <message>
        <source>Valid JSON, unchanged</source>
        <translation>Gültiges JSON, unverändert</translation>
    </message>
    <message>
        <source>(no changes yet)</source>
        <translation>(noch keine Änderungen)</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::EventLogModel</name>
    <message>
        <source>Breaker</source>
        <translation>Breaker</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Unzustellbare Nachrichten</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>1 dead letter (%1): message %2</source>
        <translation>1 unzustellbare Nachricht (%1): Nachricht %2</translation>
    </message>
    <message>
        <source>%L1 dead letters (%2)</source>
        <translation>%L1 unzustellbare Nachrichten (%2)</translation>
    </message>
    <message>
        <source>%1
Double-click to find message %2</source>
        <translation>%1
Doppelklicken, um die Nachricht %2 zu suchen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::EventLogPanel</name>
    <message>
        <source>Breaker opened%1</source>
        <translation>Breaker geöffnet%1</translation>
    </message>
    <message>
        <source>Breaker half-open: probing%1</source>
        <translation>Breaker halb offen: Probeanfragen%1</translation>
    </message>
    <message>
        <source>Breaker closed: delivering again%1</source>
        <translation>Breaker geschlossen: Zustellung läuft wieder%1</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Replays and discards</source>
        <translation>Erneutes Senden und Verwerfen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Empty the log shown here; nothing in the store changes.</source>
        <translation>Das hier angezeigte Protokoll leeren; im Datenspeicher ändert sich nichts.</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Anzeigen:</translation>
    </message>
    <message>
        <source>Configuration reloaded</source>
        <translation>Konfiguration neu geladen</translation>
    </message>
    <message>
        <source>Configuration changed: %1</source>
        <translation>Konfiguration geändert: %1</translation>
    </message>
    <message>
        <source>Engine stopped</source>
        <translation>Engine gestoppt</translation>
    </message>
    <message>
        <source>Store error: %1</source>
        <translation>Fehler des Datenspeichers: %1</translation>
    </message>
    <message>
        <source>Engine running</source>
        <translation>Engine läuft</translation>
    </message>
    <message>
        <source>Cannot read the breaker history: %1</source>
        <translation>Der Breaker-Verlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>Delivering to %1</source>
        <translation>Zustellung an %1</translation>
    </message>
    <message>
        <source>Started: delivering</source>
        <translation>Gestartet: Zustellung läuft</translation>
    </message>
    <message>
        <source>Stopped: paused, disabled or removed</source>
        <translation>Gestoppt: angehalten, deaktiviert oder entfernt</translation>
    </message>
    <message>
        <source>1 dead letter replayed by an operator</source>
        <translation>1 unzustellbare Nachricht von einem Operator erneut gesendet</translation>
    </message>
    <message>
        <source>%L1 dead letters replayed by an operator</source>
        <translation>%L1 unzustellbare Nachrichten von einem Operator erneut gesendet</translation>
    </message>
    <message>
        <source>1 dead letter discarded by an operator</source>
        <translation>1 unzustellbare Nachricht von einem Operator verworfen</translation>
    </message>
    <message>
        <source>%L1 dead letters discarded by an operator</source>
        <translation>%L1 unzustellbare Nachrichten von einem Operator verworfen</translation>
    </message>
    <message>
        <source>Stopping: finishing in-flight requests</source>
        <translation>Wird beendet: Laufende Anfragen werden abgeschlossen</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 Ereignis</translation>
    </message>
    <message>
        <source>%L1 events</source>
        <translation>%L1 Ereignisse</translation>
    </message>
    <message>
        <source>%L1 of %L2 events</source>
        <translation>%L1 von %L2 Ereignissen</translation>
    </message>
    <message>
        <source>No events yet. Breaker transitions, dead letters, replays, discards and configuration changes appear here as they happen.</source>
        <translation>Noch keine Ereignisse. Breaker-Wechsel, unzustellbare Nachrichten, erneutes Senden, Verwerfen und Konfigurationsänderungen erscheinen hier, sobald sie geschehen.</translation>
    </message>
    <message>
        <source>No events of this kind yet.</source>
        <translation>Noch keine Ereignisse dieser Art.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::FilePathEdit</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::FirstRunGuide</name>
    <message>
        <source>Add a target</source>
        <translation>Ein Ziel hinzufügen</translation>
    </message>
    <message>
        <source>Add a second target</source>
        <translation>Ein zweites Ziel hinzufügen</translation>
    </message>
    <message>
        <source>Send a message</source>
        <translation>Eine Nachricht senden</translation>
    </message>
    <message>
        <source>A target is an HTTP API that receives every message. A name and a URL are enough; authentication, retries and the circuit breaker have sensible defaults.</source>
        <translation>Ein Ziel ist eine HTTP-API, die jede Nachricht erhält. Ein Name und eine URL genügen; Authentifizierung, Wiederholungen und der Circuit Breaker haben sinnvolle Voreinstellungen.</translation>
    </message>
    <message>
        <source>Tandem delivers each message to every target, independently: an inventory API and a logistics API, say. One failing never holds up the other.</source>
        <translation>Tandem stellt jede Nachricht jedem Ziel unabhängig zu, etwa einer Lager-API und einer Logistik-API. Fällt eines aus, hält das nie das andere auf.</translation>
    </message>
    <message>
        <source>Producers POST JSON to the ingest API. Try it from a terminal, or send a test message from here, and watch it arrive on the cards.</source>
        <translation>Produzenten senden JSON per POST an die Ingest-API. Probieren Sie es in einem Terminal aus oder senden Sie von hier eine Testnachricht, und sehen Sie zu, wie sie auf den Karten ankommt.</translation>
    </message>
    <message>
        <source>Add target…</source>
        <translation>Ziel hinzufügen …</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the command to the clipboard</source>
        <translation>Den Befehl in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Send a test message</source>
        <translation>Testnachricht senden</translation>
    </message>
    <message>
        <source>Enqueue a small JSON message for every target, as a producer would</source>
        <translation>Eine kleine JSON-Nachricht für alle Ziele einreihen, so wie es ein Produzent täte</translation>
    </message>
    <message>
        <source>Welcome to Tandem</source>
        <translation>Willkommen bei Tandem</translation>
    </message>
    <message>
        <source>Tandem stores every message it receives and delivers it to each of its targets, the HTTP APIs you add here, with retries, a circuit breaker and a dead-letter queue. Three steps to see it work:</source>
        <translation>Tandem speichert jede empfangene Nachricht und stellt sie jedem seiner Ziele zu, den HTTP-APIs, die Sie hier hinzufügen, mit Wiederholungen, einem Circuit Breaker und einer Warteschlange für unzustellbare Nachrichten. In drei Schritten sehen Sie es arbeiten:</translation>
    </message>
    <message>
        <source>Open the demo…</source>
        <translation>Demo öffnen …</translation>
    </message>
    <message>
        <source>Or first watch two simulated targets at work: retries, a breaker tripping and recovering, dead letters to replay.</source>
        <translation>Oder sehen Sie zuerst zwei simulierten Zielen bei der Arbeit zu: Wiederholungen, ein Breaker, der auslöst und sich erholt, unzustellbare Nachrichten zum erneuten Senden.</translation>
    </message>
    <message>
        <source>Getting started:</source>
        <translation>Erste Schritte:</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Hide this checklist for good</source>
        <translation>Diese Checkliste dauerhaft ausblenden</translation>
    </message>
    <message>
        <source>Add the second target…</source>
        <translation>Das zweite Ziel hinzufügen …</translation>
    </message>
    <message>
        <source>Sent message %1: watch it on the cards, or find it with Ctrl+Shift+F.</source>
        <translation>Nachricht %1 gesendet: Verfolgen Sie sie auf den Karten oder suchen Sie sie mit Strg+Umschalt+F.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::HealthSummary</name>
    <message>
        <source>Breaker open: %1</source>
        <translation>Breaker offen: %1</translation>
    </message>
    <message>
        <source>Breakers open: %1</source>
        <translation>Breaker offen: %1</translation>
    </message>
    <message>
        <source>1 dead letter waiting</source>
        <translation>1 unzustellbare Nachricht wartet</translation>
    </message>
    <message>
        <source>%L1 dead letters waiting</source>
        <translation>%L1 unzustellbare Nachrichten warten</translation>
    </message>
    <message>
        <source>No target running</source>
        <translation>Kein Ziel aktiv</translation>
    </message>
    <message>
        <source>All targets healthy</source>
        <translation>Alle Ziele in Ordnung</translation>
    </message>
    <message>
        <source>Tandem — %1</source>
        <translation>Tandem — %1</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::HistoryChartView</name>
    <message>
        <source>Breaker open</source>
        <translation>Breaker offen</translation>
    </message>
    <message>
        <source>Breaker half-open</source>
        <translation>Breaker halb offen</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::KeyValueTable</name>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Eine Zeile hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected rows</source>
        <translation>Die ausgewählten Zeilen entfernen</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::MainWindow</name>
    <message>
        <source>Tandem</source>
        <translation>Tandem</translation>
    </message>
    <message>
        <source>&amp;Add target…</source>
        <translation>Ziel &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>Add an HTTP API that receives every message</source>
        <translation>Eine HTTP-API hinzufügen, die jede Nachricht erhält</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Unzustellbare Nachrichten</translation>
    </message>
    <message>
        <source>Dead letters (%L1)</source>
        <translation>Unzustellbar (%L1)</translation>
    </message>
    <message>
        <source>1 dead letter replayed</source>
        <translation>1 unzustellbare Nachricht erneut gesendet</translation>
    </message>
    <message>
        <source>%L1 dead letters replayed</source>
        <translation>%L1 unzustellbare Nachrichten erneut gesendet</translation>
    </message>
    <message>
        <source>1 dead letter discarded</source>
        <translation>1 unzustellbare Nachricht verworfen</translation>
    </message>
    <message>
        <source>%L1 dead letters discarded</source>
        <translation>%L1 unzustellbare Nachrichten verworfen</translation>
    </message>
    <message>
        <source>1 dead letter exported to %1</source>
        <translation>1 unzustellbare Nachricht nach %1 exportiert</translation>
    </message>
    <message>
        <source>%L1 dead letters exported to %2</source>
        <translation>%L1 unzustellbare Nachrichten nach %2 exportiert</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>Läuft nicht</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Store error: %1</source>
        <translation>Fehler des Datenspeichers: %1</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Find message by id or Idempotency-Key</source>
        <translation>Nachricht nach ID oder Idempotency-Key suchen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F (Ctrl+F outside the dead-letter tab)</source>
        <translation>Strg+Umschalt+F (Strg+F außerhalb des Reiters für unzustellbare Nachrichten)</translation>
    </message>
    <message>
        <source>&amp;Find message…</source>
        <translation>Nachricht &amp;suchen …</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Data: %1</source>
        <translation>Daten: %1</translation>
    </message>
    <message>
        <source>Ingest API: %1/v1/messages</source>
        <translation>Ingest-API: %1/v1/messages</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>Engine: %1</translation>
    </message>
    <message>
        <source>Cannot read the targets: %1</source>
        <translation>Die Ziele können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot pause %1</source>
        <translation>%1 kann nicht angehalten werden</translation>
    </message>
    <message>
        <source>Cannot resume %1</source>
        <translation>%1 kann nicht fortgesetzt werden</translation>
    </message>
    <message>
        <source>%1 paused: its deliveries wait</source>
        <translation>%1 angehalten: Seine Zustellungen warten</translation>
    </message>
    <message>
        <source>%1 resumed</source>
        <translation>%1 fortgesetzt</translation>
    </message>
    <message>
        <source>Cannot reset the breaker of %1</source>
        <translation>Der Breaker von %1 kann nicht zurückgesetzt werden</translation>
    </message>
    <message>
        <source>Breaker of %1 reset</source>
        <translation>Breaker von %1 zurückgesetzt</translation>
    </message>
    <message>
        <source>%1 added</source>
        <translation>%1 hinzugefügt</translation>
    </message>
    <message>
        <source>%1 saved</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>%1 saved: %2</source>
        <translation>%1 gespeichert: %2</translation>
    </message>
    <message>
        <source>Open the demo</source>
        <translation>Demo öffnen</translation>
    </message>
    <message>
        <source>The demo runs in its own temporary data directory, so it never mixes simulated targets into this one. Quit this console and start it with:

    tandem --demo

It starts two simulated targets on 127.0.0.1 and sends them orders: within a minute you see retries, a breaker trip and recover, and dead letters.</source>
        <translation>Die Demo läuft in einem eigenen temporären Datenverzeichnis, damit sie nie simulierte Ziele mit diesem vermischt. Beenden Sie diese Konsole und starten Sie sie mit:

    tandem --demo

Sie startet zwei simulierte Ziele auf 127.0.0.1 und schickt ihnen Bestellungen: Innerhalb einer Minute sehen Sie Wiederholungen, einen Breaker, der auslöst und sich erholt, und unzustellbare Nachrichten.</translation>
    </message>
    <message>
        <source>Stopping: finishing in-flight requests…</source>
        <translation>Wird beendet: Laufende Anfragen werden abgeschlossen …</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Extras</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>Einstellungen gespeichert</translation>
    </message>
    <message>
        <source>Settings saved; takes effect when Tandem starts next: %1</source>
        <translation>Einstellungen gespeichert; wirksam beim nächsten Start von Tandem: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Tandem keeps running</source>
        <translation>Tandem läuft weiter</translation>
    </message>
    <message>
        <source>The engine keeps delivering in the background. Click the tray icon to open the window again; choose Quit in its menu to stop Tandem.</source>
        <translation>Die Engine stellt im Hintergrund weiter zu. Klicken Sie auf das Symbol im Infobereich, um das Fenster wieder zu öffnen; wählen Sie in seinem Menü „Beenden“, um Tandem zu beenden.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::MessageFinder</name>
    <message>
        <source>Type a message id or an Idempotency-Key in the search field and press Enter to see how each target&apos;s delivery went.</source>
        <translation>Geben Sie eine Nachrichten-ID oder einen Idempotency-Key in das Suchfeld ein und drücken Sie die Eingabetaste, um zu sehen, wie die Zustellung an jedes Ziel verlief.</translation>
    </message>
    <message>
        <source>No message with id or key &apos;%1&apos;. Ids and keys must match exactly; a key is the Idempotency-Key the producer sent.</source>
        <translation>Keine Nachricht mit der ID oder dem Schlüssel „%1“. IDs und Schlüssel müssen genau übereinstimmen; ein Schlüssel ist der Idempotency-Key, den der Produzent gesendet hat.</translation>
    </message>
    <message>
        <source>Cannot read the message: %1</source>
        <translation>Die Nachricht kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Found by Idempotency-Key. An older message carries the same key (sent again after the idempotency window); showing the newest.</source>
        <translation>Über den Idempotency-Key gefunden. Eine ältere Nachricht trägt denselben Schlüssel (nach Ablauf des Idempotenzfensters erneut gesendet); angezeigt wird die neueste.</translation>
    </message>
    <message>
        <source>Found by Idempotency-Key. %1%2 older messages carry the same key (sent again after the idempotency window); showing the newest.</source>
        <translation>Über den Idempotency-Key gefunden. %1%2 ältere Nachrichten tragen denselben Schlüssel (nach Ablauf des Idempotenzfensters erneut gesendet); angezeigt wird die neueste.</translation>
    </message>
    <message>
        <source>Found by Idempotency-Key.</source>
        <translation>Über den Idempotency-Key gefunden.</translation>
    </message>
    <message>
        <source>Message %1</source>
        <translation>Nachricht %1</translation>
    </message>
    <message>
        <source>Idempotency-Key: the message id</source>
        <translation>Idempotency-Key: die Nachrichten-ID</translation>
    </message>
    <message>
        <source>Idempotency-Key: %1</source>
        <translation>Idempotency-Key: %1</translation>
    </message>
    <message>
        <source>Partition key: %1</source>
        <translation>Partitionsschlüssel: %1</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Angelegt %1</translation>
    </message>
    <message>
        <source>Trace %1</source>
        <translation>Trace %1</translation>
    </message>
    <message>
        <source>breaker open</source>
        <translation>Breaker offen</translation>
    </message>
    <message>
        <source>breaker half-open, probing</source>
        <translation>Breaker halb offen, Probeanfragen</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::NotificationPolicy</name>
    <message>
        <source>Breaker open: %1</source>
        <translation>Breaker offen: %1</translation>
    </message>
    <message>
        <source>Tandem stopped sending to %1 and will probe it again shortly.</source>
        <translation>Tandem sendet nicht mehr an %1 und prüft es in Kürze erneut.</translation>
    </message>
    <message>
        <source>Tandem stopped sending to %1: %2</source>
        <translation>Tandem sendet nicht mehr an %1: %2</translation>
    </message>
    <message>
        <source>1 dead letter waiting</source>
        <translation>1 unzustellbare Nachricht wartet</translation>
    </message>
    <message>
        <source>%L1 dead letters waiting</source>
        <translation>%L1 unzustellbare Nachrichten warten</translation>
    </message>
    <message>
        <source>Deliveries that ran out of retries wait in the dead-letter queue for you to replay or discard them.</source>
        <translation>Zustellungen, deren Wiederholungen ausgeschöpft sind, warten in der Warteschlange für unzustellbare Nachrichten darauf, dass Sie sie erneut senden oder verwerfen.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::PayloadVersionModel</name>
    <message>
        <source>v%1 (current)</source>
        <translation>v%1 (aktuell)</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source>Original payload, as the producer sent it</source>
        <translation>Ursprüngliche Nutzdaten, wie der Produzent sie gesendet hat</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::ProbeResultView</name>
    <message>
        <source>the target accepted the request</source>
        <translation>das Ziel hat die Anfrage angenommen</translation>
    </message>
    <message>
        <source>the target refused the credentials</source>
        <translation>das Ziel hat die Zugangsdaten abgelehnt</translation>
    </message>
    <message>
        <source>the credentials lack permission</source>
        <translation>den Zugangsdaten fehlt die Berechtigung</translation>
    </message>
    <message>
        <source>nothing there: check the URL or the probe path</source>
        <translation>dort ist nichts: Prüfen Sie die URL oder den Testpfad</translation>
    </message>
    <message>
        <source>the target does not take this method here</source>
        <translation>das Ziel nimmt diese Methode hier nicht an</translation>
    </message>
    <message>
        <source>the target is busy; deliveries would be retried</source>
        <translation>das Ziel ist ausgelastet; Zustellungen würden wiederholt</translation>
    </message>
    <message>
        <source>a redirect: deliveries do not follow redirects</source>
        <translation>eine Umleitung: Zustellungen folgen keinen Umleitungen</translation>
    </message>
    <message>
        <source>the target refused the request</source>
        <translation>das Ziel hat die Anfrage abgelehnt</translation>
    </message>
    <message>
        <source>the target has a problem; deliveries would be retried</source>
        <translation>das Ziel hat ein Problem; Zustellungen würden wiederholt</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>Latenz:</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protokoll:</translation>
    </message>
    <message>
        <source>TLS:</source>
        <translation>TLS:</translation>
    </message>
    <message>
        <source>Server certificate:</source>
        <translation>Serverzertifikat:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Ausgestellt von:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Gültig bis:</translation>
    </message>
    <message>
        <source>Client certificate:</source>
        <translation>Client-Zertifikat:</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>Antwort:</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Noch nicht getestet.</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>No answer: %1</source>
        <translation>Keine Antwort: %1</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1: %2</translation>
    </message>
    <message>
        <source>no HTTP answer</source>
        <translation>keine HTTP-Antwort</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>HTTP/2</source>
        <translation>HTTP/2</translation>
    </message>
    <message>
        <source>HTTP/1.1</source>
        <translation>HTTP/1.1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>none (plain HTTP)</source>
        <translation>keins (unverschlüsseltes HTTP)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>expires today</source>
        <translation>läuft heute ab</translation>
    </message>
    <message>
        <source>expires tomorrow</source>
        <translation>läuft morgen ab</translation>
    </message>
    <message>
        <source>expires in %1 days</source>
        <translation>läuft in %1 Tagen ab</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>in %1 Tagen</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>none sent</source>
        <translation>keins gesendet</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::RetryScheduleModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>first attempt</source>
        <translation>erster Versuch</translation>
    </message>
    <message>
        <source>exactly</source>
        <translation>genau</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>attempts %1 to %2 not shown</source>
        <translation>Versuche %1 bis %2 nicht angezeigt</translation>
    </message>
    <message>
        <source>gives up here: max age %1 (attempt %2 would start too late)</source>
        <translation>gibt hier auf: Höchstalter %1 (Versuch %2 begänne zu spät)</translation>
    </message>
    <message>
        <source>gives up here: max age %1 (attempts %2 to %3 would start too late)</source>
        <translation>gibt hier auf: Höchstalter %1 (Versuche %2 bis %3 begännen zu spät)</translation>
    </message>
    <message>
        <source>The first attempt goes out as soon as the message is stored.</source>
        <translation>Der erste Versuch geht hinaus, sobald die Nachricht gespeichert ist.</translation>
    </message>
    <message>
        <source>Attempt %1 starts %2 after the first.</source>
        <translation>Versuch %1 beginnt %2 nach dem ersten.</translation>
    </message>
    <message>
        <source>Attempt %1 starts about %2 after the first: jitter spreads it between %3 and %4.</source>
        <translation>Versuch %1 beginnt etwa %2 nach dem ersten: Der Jitter verteilt ihn zwischen %3 und %4.</translation>
    </message>
    <message>
        <source>The max age (%1) can pass before it, and then the delivery is dead-lettered instead.</source>
        <translation>Das Höchstalter (%1) kann vorher verstreichen; dann wird die Zustellung stattdessen als unzustellbar abgelegt.</translation>
    </message>
    <message>
        <source>Attempts %1 to %2 follow the same pattern.</source>
        <translation>Die Versuche %1 bis %2 folgen demselben Muster.</translation>
    </message>
    <message>
        <source>A delivery older than the max age (%1) is dead-lettered instead of being tried again.</source>
        <translation>Eine Zustellung, die älter als das Höchstalter (%1) ist, wird als unzustellbar abgelegt, statt erneut versucht zu werden.</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Starts at</source>
        <translation>Beginnt um</translation>
    </message>
    <message>
        <source>Jitter range</source>
        <translation>Jitter-Bereich</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::RetrySchedulePreview</name>
    <message>
        <source>No preview while the retry policy is invalid: %1</source>
        <translation>Keine Vorschau, solange die Wiederholungsrichtlinie ungültig ist: %1</translation>
    </message>
    <message>
        <source>One attempt, no retries: a failed delivery is dead-lettered at once.</source>
        <translation>Ein Versuch, keine Wiederholungen: Eine fehlgeschlagene Zustellung wird sofort als unzustellbar abgelegt.</translation>
    </message>
    <message>
        <source>At most %1 of the %2 attempts fit in the max age of %3; then the delivery is dead-lettered.</source>
        <translation>Höchstens %1 der %2 Versuche passen in das Höchstalter von %3; danach wird die Zustellung als unzustellbar abgelegt.</translation>
    </message>
    <message>
        <source>%1 attempts, the last at most %2 after the first; if it fails too, the delivery is dead-lettered.</source>
        <translation>%1 Versuche, der letzte höchstens %2 nach dem ersten; schlägt auch er fehl, wird die Zustellung als unzustellbar abgelegt.</translation>
    </message>
    <message>
        <source>From attempt %1 on, the max age of %2 may end the delivery first.</source>
        <translation>Ab Versuch %1 kann das Höchstalter von %2 die Zustellung vorher beenden.</translation>
    </message>
    <message>
        <source>With decorrelated jitter each delay depends on the one before: the ranges show the earliest and the latest an attempt can start.</source>
        <translation>Bei dekorreliertem Jitter hängt jede Verzögerung von der vorigen ab: Die Bereiche zeigen, wann ein Versuch frühestens und spätestens beginnen kann.</translation>
    </message>
    <message>
        <source>Times leave out how long each attempt itself takes.</source>
        <translation>Die Zeiten lassen außer Acht, wie lange jeder Versuch selbst dauert.</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::SecretField</name>
    <message>
        <source>Keychain</source>
        <translation>Schlüsselbund</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>Umgebungsvariable</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Stored in the OS keychain; the target keeps only a reference.</source>
        <translation>Im Schlüsselbund des Systems gespeichert; das Ziel behält nur einen Verweis.</translation>
    </message>
    <message>
        <source>Read from an environment variable of the process running the engine (headless servers without a keychain).</source>
        <translation>Aus einer Umgebungsvariablen des Prozesses gelesen, der die Engine ausführt (Server ohne Oberfläche und ohne Schlüsselbund).</translation>
    </message>
    <message>
        <source>Read from a file that only the user running the engine may read (headless servers without a keychain).</source>
        <translation>Aus einer Datei gelesen, die nur der Benutzer lesen darf, der die Engine ausführt (Server ohne Oberfläche und ohne Schlüsselbund).</translation>
    </message>
    <message>
        <source>Load from file…</source>
        <translation>Aus Datei laden …</translation>
    </message>
    <message>
        <source>Read a PEM private key from a file into the keychain (the file is not referred to afterwards)</source>
        <translation>Einen privaten PEM-Schlüssel aus einer Datei in den Schlüsselbund laden (auf die Datei wird danach nicht mehr verwiesen)</translation>
    </message>
    <message>
        <source>VARIABLE_NAME</source>
        <translation>VARIABLENNAME</translation>
    </message>
    <message>
        <source>The name of the variable, not the secret: letters, digits and &apos;_&apos;, not starting with a digit</source>
        <translation>Der Name der Variablen, nicht das Geheimnis: Buchstaben, Ziffern und &apos;_&apos;, nicht mit einer Ziffer beginnend</translation>
    </message>
    <message>
        <source>/absolute/path, readable only by you</source>
        <translation>/absoluter/pfad, nur für Sie lesbar</translation>
    </message>
    <message>
        <source>Choose the secret&apos;s file</source>
        <translation>Datei des Geheimnisses wählen</translation>
    </message>
    <message>
        <source>Load a private key</source>
        <translation>Privaten Schlüssel laden</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.key);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is larger than %2 KiB: that is not a private key</source>
        <translation>%1 ist größer als %2 KiB: Das ist kein privater Schlüssel</translation>
    </message>
    <message>
        <source>loaded from %1 — goes to the keychain on save</source>
        <translation>aus %1 geladen — kommt beim Speichern in den Schlüsselbund</translation>
    </message>
    <message>
        <source>stored in the keychain — type to replace</source>
        <translation>im Schlüsselbund gespeichert — zum Ersetzen tippen</translation>
    </message>
    <message>
        <source>not set — type to store it in the keychain</source>
        <translation>nicht gesetzt — tippen, um es im Schlüsselbund zu speichern</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::SettingsDialog</name>
    <message>
        <source>$%1 is set (%2): it takes precedence over this setting.</source>
        <translation>$%1 ist gesetzt (%2): Es hat Vorrang vor dieser Einstellung.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Where Tandem keeps its data, and its language.</source>
        <translation>Wo Tandem seine Daten ablegt, und seine Sprache.</translation>
    </message>
    <message>
        <source>Ingest listener</source>
        <translation>Ingest-Endpunkt</translation>
    </message>
    <message>
        <source>Where the console&apos;s engine takes messages from producers over HTTP (POST /v1/messages), and serves /metrics and /v1/health.</source>
        <translation>Wo die Engine der Konsole Nachrichten von Produzenten über HTTP annimmt (POST /v1/messages) und /metrics sowie /v1/health bereitstellt.</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>How the console looks. Applied at once.</source>
        <translation>Wie die Konsole aussieht. Wird sofort angewendet.</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>How often the target cards and charts redraw. Every figure is recorded either way; a slower refresh only redraws less often, on a slow remote desktop say.</source>
        <translation>Wie oft Zielkarten und Diagramme neu gezeichnet werden. Aufgezeichnet wird jeder Wert so oder so; eine langsamere Aktualisierung zeichnet nur seltener neu, etwa auf einem langsamen Remote-Desktop.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Desktop notifications, shown by the tray icon (in the status bar when there is no system tray). Each breaker opening is announced once, and the dead letters once each time they pass the threshold.</source>
        <translation>Desktop-Benachrichtigungen über das Symbol im Infobereich (in der Statusleiste, wenn es keinen Infobereich gibt). Jedes Öffnen eines Breakers wird einmal gemeldet, die unzustellbaren Nachrichten jedes Mal einmal, wenn sie die Schwelle überschreiten.</translation>
    </message>
    <message>
        <source>Logging</source>
        <translation>Protokollierung</translation>
    </message>
    <message>
        <source>How much the engine writes to its log, DATA/logs/tandem.log (JSON lines), and to the terminal the console was started from. Applied at once.</source>
        <translation>Wie viel die Engine in ihr Protokoll DATA/logs/tandem.log (JSON-Zeilen) und in das Terminal schreibt, aus dem die Konsole gestartet wurde. Wird sofort angewendet.</translation>
    </message>
    <message>
        <source>Choose the data directory</source>
        <translation>Datenverzeichnis wählen</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>Datenverzeichnis:</translation>
    </message>
    <message>
        <source>The store, its lock and the logs. Empty: the default above. Takes effect when Tandem starts next; the data already in the old directory stays there. “tandem --data DIR” on the command line takes precedence, and the other commands (tandem status, tandem serve, …) use --data or $TANDEM_DATA_DIR, not this setting.</source>
        <translation>Der Datenspeicher, seine Sperre und die Protokolle. Leer: der Standard oben. Wirksam beim nächsten Start von Tandem; die Daten im alten Verzeichnis bleiben dort. „tandem --data DIR“ auf der Kommandozeile hat Vorrang, und die anderen Befehle (tandem status, tandem serve, …) verwenden --data oder $TANDEM_DATA_DIR, nicht diese Einstellung.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Takes effect when Tandem starts next.</source>
        <translation>Wirksam beim nächsten Start von Tandem.</translation>
    </message>
    <message>
        <source>Address and port:</source>
        <translation>Adresse und Port:</translation>
    </message>
    <message>
        <source>Let other machines reach the ingest API (they still need the token)</source>
        <translation>Andere Rechner die Ingest-API erreichen lassen (sie brauchen weiterhin das Token)</translation>
    </message>
    <message>
        <source>ADDRESS:PORT, as “tandem serve --listen” takes it: 127.0.0.1:8470 (the default) takes messages from this machine only; port 0 picks a free port at each start. Takes effect when Tandem starts next.</source>
        <translation>ADRESSE:PORT, wie „tandem serve --listen“ es erwartet: 127.0.0.1:8470 (der Standard) nimmt nur Nachrichten von diesem Rechner an; Port 0 wählt bei jedem Start einen freien Port. Wirksam beim nächsten Start von Tandem.</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Design:</translation>
    </message>
    <message>
        <source>System follows the desktop&apos;s style and colours; Light and Dark use Tandem&apos;s own, whatever the desktop says.</source>
        <translation>System folgt Stil und Farben des Desktops; Hell und Dunkel verwenden die von Tandem, gleich was der Desktop vorgibt.</translation>
    </message>
    <message>
        <source>Every second</source>
        <translation>Jede Sekunde</translation>
    </message>
    <message>
        <source>Every %1 seconds</source>
        <translation>Alle %1 Sekunden</translation>
    </message>
    <message>
        <source>Refresh:</source>
        <translation>Aktualisierung:</translation>
    </message>
    <message>
        <source>Applied at once.</source>
        <translation>Wird sofort angewendet.</translation>
    </message>
    <message>
        <source>When a target&apos;s circuit breaker opens</source>
        <translation>Wenn sich der Circuit Breaker eines Ziels öffnet</translation>
    </message>
    <message>
        <source>When the dead letters waiting reach</source>
        <translation>Wenn die wartenden unzustellbaren Nachrichten erreichen</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Stufe:</translation>
    </message>
    <message>
        <source>Errors: only what failed (the store). Warnings: also dead letters and breakers opening. Info: every change of state (delivered, retrying, dead, breaker transitions). Debug: also every attempt. $QT_LOGGING_RULES, when set, still decides what reaches the terminal.</source>
        <translation>Fehler: nur, was fehlschlug (der Datenspeicher). Warnungen: zusätzlich unzustellbare Nachrichten und sich öffnende Breaker. Info: jede Zustandsänderung (zugestellt, Wiederholung, unzustellbar, Breaker-Wechsel). Debug: zusätzlich jeder Versuch. Ist $QT_LOGGING_RULES gesetzt, bestimmt es weiterhin, was das Terminal erreicht.</translation>
    </message>
    <message>
        <source>In use now: %1</source>
        <translation>Derzeit verwendet: %1</translation>
    </message>
    <message>
        <source>Give an absolute path (starting with /), or leave it empty for the default.</source>
        <translation>Geben Sie einen absoluten Pfad an (beginnend mit /) oder lassen Sie das Feld für den Standard leer.</translation>
    </message>
    <message>
        <source>This is a file, not a directory.</source>
        <translation>Das ist eine Datei, kein Verzeichnis.</translation>
    </message>
    <message>
        <source>Not ADDRESS:PORT: an IP address, a colon and a port from 0 to 65535 (e.g. 127.0.0.1:8470).</source>
        <translation>Nicht ADRESSE:PORT: eine IP-Adresse, ein Doppelpunkt und ein Port von 0 bis 65535 (z. B. 127.0.0.1:8470).</translation>
    </message>
    <message>
        <source>%1 would let other machines reach the ingest API. Tick the box below if that is meant.</source>
        <translation>%1 würde die Ingest-API für andere Rechner erreichbar machen. Setzen Sie unten das Häkchen, wenn das gewollt ist.</translation>
    </message>
    <message>
        <source>Something on this page needs fixing</source>
        <translation>Auf dieser Seite ist etwas zu berichtigen</translation>
    </message>
    <message>
        <source>%1 › %2</source>
        <translation>%1 › %2</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>Address and port</source>
        <translation>Adresse und Port</translation>
    </message>
    <message>
        <source>To fix before saving: %1</source>
        <translation>Vor dem Speichern zu berichtigen: %1</translation>
    </message>
    <message>
        <source>Takes effect when Tandem starts next: %1</source>
        <translation>Wirksam beim nächsten Start von Tandem: %1</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::TargetCard</name>
    <message>
        <source>In flight</source>
        <translation>Unterwegs</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Oldest pending</source>
        <translation>Älteste ausstehende</translation>
    </message>
    <message>
        <source>Success (1 min)</source>
        <translation>Erfolg (1 min)</translation>
    </message>
    <message>
        <source>p50 (1 min)</source>
        <translation>p50 (1 min)</translation>
    </message>
    <message>
        <source>p95 (1 min)</source>
        <translation>p95 (1 min)</translation>
    </message>
    <message>
        <source>p99 (1 min)</source>
        <translation>p99 (1 min)</translation>
    </message>
    <message>
        <source>Deliveries/s</source>
        <translation>Zustellungen/s</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Reset breaker</source>
        <translation>Breaker zurücksetzen</translation>
    </message>
    <message>
        <source>Close the circuit breaker now and send again.</source>
        <translation>Den Circuit Breaker jetzt schließen und wieder senden.</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>Send one real request with the stored credentials and show what comes back.</source>
        <translation>Eine echte Anfrage mit den gespeicherten Zugangsdaten senden und anzeigen, was zurückkommt.</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten …</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Send the held deliveries again.</source>
        <translation>Die zurückgehaltenen Zustellungen wieder senden.</translation>
    </message>
    <message>
        <source>Hold this target&apos;s deliveries; new messages still queue, nothing is dropped.</source>
        <translation>Die Zustellungen an dieses Ziel zurückhalten; neue Nachrichten werden weiter eingereiht, nichts wird verworfen.</translation>
    </message>
    <message>
        <source>Breaker open — not sending, waiting to probe</source>
        <translation>Breaker offen — sendet nicht, wartet auf Probeanfragen</translation>
    </message>
    <message>
        <source>Breaker half-open — probing with a few requests</source>
        <translation>Breaker halb offen — prüft mit einigen Anfragen</translation>
    </message>
    <message>
        <source>Breaker closed — delivering</source>
        <translation>Breaker geschlossen — stellt zu</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>Läuft nicht</translation>
    </message>
    <message>
        <source> (for %1)</source>
        <translation> (seit %1)</translation>
    </message>
    <message>
        <source>Disabled in its configuration: nothing is sent.</source>
        <translation>In seiner Konfiguration deaktiviert: Es wird nichts gesendet.</translation>
    </message>
    <message>
        <source>Paused by an operator: deliveries wait until it is resumed.</source>
        <translation>Von einem Operator angehalten: Zustellungen warten, bis es fortgesetzt wird.</translation>
    </message>
    <message>
        <source>Held: %1</source>
        <translation>Zurückgehalten: %1</translation>
    </message>
    <message>
        <source>Tripped: %1</source>
        <translation>Ausgelöst: %1</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::TargetChart</name>
    <message>
        <source>Timeout</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>HTTP 4xx</source>
        <translation>HTTP 4xx</translation>
    </message>
    <message>
        <source>HTTP 429</source>
        <translation>HTTP 429</translation>
    </message>
    <message>
        <source>HTTP 5xx</source>
        <translation>HTTP 5xx</translation>
    </message>
    <message>
        <source>Redirect</source>
        <translation>Umleitung</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>%1 · Latency</source>
        <translation>%1 · Latenz</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>%1 · Outcomes</source>
        <translation>%1 · Ergebnisse</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Latency (s)</source>
        <translation>Latenz (s)</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Attempts/s</source>
        <translation>Versuche/s</translation>
    </message>
    <message>
        <source>Attempts/min</source>
        <translation>Versuche/min</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::TargetChartsPanel</name>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Last:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Show the last %1</source>
        <translation>Die letzten %1 anzeigen</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::TargetDialog</name>
    <message>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>Client-Secret</translation>
    </message>
    <message>
        <source>Add Target</source>
        <translation>Ziel hinzufügen</translation>
    </message>
    <message>
        <source>Edit Target — %1</source>
        <translation>Ziel bearbeiten — %1</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Where deliveries go and what every request carries.</source>
        <translation>Wohin Zustellungen gehen und was jede Anfrage mitführt.</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>How Tandem proves itself to the target. Secrets go to the OS keychain; the target&apos;s configuration keeps only a reference to them, and they are never shown again.</source>
        <translation>Wie Tandem sich gegenüber dem Ziel ausweist. Geheimnisse kommen in den Schlüsselbund des Systems; die Konfiguration des Ziels behält nur einen Verweis darauf, und sie werden nie wieder angezeigt.</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <source>Lets the receiver check that a request comes from Tandem and was not altered.</source>
        <translation>Lässt den Empfänger prüfen, dass eine Anfrage von Tandem stammt und nicht verändert wurde.</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Certificates for https:// targets.</source>
        <translation>Zertifikate für https://-Ziele.</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <source>How long attempts may take, how many run at once and in which order.</source>
        <translation>Wie lange Versuche dauern dürfen, wie viele gleichzeitig laufen und in welcher Reihenfolge.</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>When a failed delivery is tried again, and when Tandem gives up and dead-letters it.</source>
        <translation>Wann eine fehlgeschlagene Zustellung erneut versucht wird und wann Tandem aufgibt und sie als unzustellbar ablegt.</translation>
    </message>
    <message>
        <source>Resilience</source>
        <translation>Belastbarkeit</translation>
    </message>
    <message>
        <source>Protections that back off from a struggling target instead of adding to its load.</source>
        <translation>Schutzmechanismen, die ein überlastetes Ziel schonen, statt seine Last zu erhöhen.</translation>
    </message>
    <message>
        <source>Mapping</source>
        <translation>Zuordnung</translation>
    </message>
    <message>
        <source>What the target receives: the message as it is, or an object built from it.</source>
        <translation>Was das Ziel erhält: die Nachricht unverändert oder ein daraus gebautes Objekt.</translation>
    </message>
    <message>
        <source>Test Connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Checks this configuration against the real target before you save it.</source>
        <translation>Prüft diese Konfiguration am echten Ziel, bevor Sie sie speichern.</translation>
    </message>
    <message>
        <source>Sending %1 to %2…</source>
        <translation>%1 wird an %2 gesendet …</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>= %1</source>
        <translation>= %1</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>e.g. inventory</source>
        <translation>z. B. inventory</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Names the target in the console, the command line and the logs: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;. It cannot be changed later.</source>
        <translation>Bezeichnet das Ziel in der Konsole, auf der Kommandozeile und in den Protokollen: Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos;. Er lässt sich später nicht ändern.</translation>
    </message>
    <message>
        <source>Targets cannot be renamed: remove this one and add it anew under another name.</source>
        <translation>Ziele lassen sich nicht umbenennen: Entfernen Sie dieses und fügen Sie es unter einem anderen Namen neu hinzu.</translation>
    </message>
    <message>
        <source>https://api.example.com/orders</source>
        <translation>https://api.example.com/orders</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Where every delivery is sent: an http:// or https:// URL. Credentials do not belong here; set them under Authentication.</source>
        <translation>Wohin jede Zustellung gesendet wird: eine http://- oder https://-URL. Zugangsdaten gehören nicht hierher; legen Sie sie unter Authentifizierung fest.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>The HTTP method of every delivery. Default: POST.</source>
        <translation>Die HTTP-Methode jeder Zustellung. Standard: POST.</translation>
    </message>
    <message>
        <source>Deliver messages to this target</source>
        <translation>Nachrichten an dieses Ziel zustellen</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Messages fan out to every enabled target; a disabled one gets no deliveries for messages enqueued meanwhile. Default: on.</source>
        <translation>Nachrichten gehen an jedes aktivierte Ziel; ein deaktiviertes erhält keine Zustellungen für Nachrichten, die in der Zwischenzeit eingereiht werden. Standard: an.</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Off — HTTP/1.1 only</source>
        <translation>Aus — nur HTTP/1.1</translation>
    </message>
    <message>
        <source>Prior knowledge — h2c on http://</source>
        <translation>Prior Knowledge — h2c über http://</translation>
    </message>
    <message>
        <source>HTTP/2</source>
        <translation>HTTP/2</translation>
    </message>
    <message>
        <source>Automatic: HTTP/2 where the server offers it over TLS, else HTTP/1.1. Prior knowledge: HTTP/2 in clear text without an upgrade, for http:// servers that speak h2c. Default: automatic.</source>
        <translation>Automatisch: HTTP/2, wo der Server es über TLS anbietet, sonst HTTP/1.1. Prior Knowledge: HTTP/2 unverschlüsselt ohne Upgrade, für http://-Server, die h2c sprechen. Standard: automatisch.</translation>
    </message>
    <message>
        <source>Static Headers</source>
        <translation>Feste Header</translation>
    </message>
    <message>
        <source>Sent with every request. Tandem sets Content-Type, Idempotency-Key, traceparent and its X-Tandem-* headers itself, and those cannot be overridden. Credentials belong under Authentication, where they are kept in the keychain.</source>
        <translation>Werden mit jeder Anfrage gesendet. Content-Type, Idempotency-Key, traceparent und die X-Tandem-*-Header setzt Tandem selbst; sie lassen sich nicht überschreiben. Zugangsdaten gehören unter Authentifizierung, wo sie im Schlüsselbund aufbewahrt werden.</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Static headers</source>
        <translation>Feste Header</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Zugangsdaten</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>API key in a header</source>
        <translation>API-Schlüssel in einem Header</translation>
    </message>
    <message>
        <source>Basic (user name and password)</source>
        <translation>Basic (Benutzername und Passwort)</translation>
    </message>
    <message>
        <source>OAuth 2.0 client credentials</source>
        <translation>OAuth 2.0 Client Credentials</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Default: none.</source>
        <translation>Standard: keine.</translation>
    </message>
    <message>
        <source>The header that carries the key. Default: X-API-Key.</source>
        <translation>Der Header, der den Schlüssel trägt. Standard: X-API-Key.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Required; may not contain &apos;:&apos;.</source>
        <translation>Erforderlich; darf kein &apos;:&apos; enthalten.</translation>
    </message>
    <message>
        <source>https://auth.example.com/oauth/token</source>
        <translation>https://auth.example.com/oauth/token</translation>
    </message>
    <message>
        <source>Token URL</source>
        <translation>Token-URL</translation>
    </message>
    <message>
        <source>The authorization server&apos;s token endpoint.</source>
        <translation>Der Token-Endpunkt des Autorisierungsservers.</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Erforderlich.</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>Space-separated scopes to ask for; empty asks for none.</source>
        <translation>Anzufordernde Scopes, durch Leerzeichen getrennt; leer fordert keine an.</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <source>Typed here it goes to the OS keychain on save and is never shown again: type to replace it. On a server without a keychain, refer to an environment variable or an owner-only file instead.</source>
        <translation>Hier eingegeben, kommt es beim Speichern in den Schlüsselbund des Systems und wird nie wieder angezeigt: Tippen Sie, um es zu ersetzen. Auf einem Server ohne Schlüsselbund verweisen Sie stattdessen auf eine Umgebungsvariable oder eine nur für den Eigentümer lesbare Datei.</translation>
    </message>
    <message>
        <source>Standard Webhooks Signature</source>
        <translation>Standard-Webhooks-Signatur</translation>
    </message>
    <message>
        <source>Each request carries webhook-id, webhook-timestamp and webhook-signature headers: an HMAC-SHA256 over id, timestamp and body with a secret shared with the receiver. Default: off.</source>
        <translation>Jede Anfrage trägt die Header webhook-id, webhook-timestamp und webhook-signature: ein HMAC-SHA256 über ID, Zeitstempel und Body mit einem Geheimnis, das der Empfänger kennt. Standard: aus.</translation>
    </message>
    <message>
        <source>Sign every request</source>
        <translation>Jede Anfrage signieren</translation>
    </message>
    <message>
        <source>Signing:</source>
        <translation>Signatur:</translation>
    </message>
    <message>
        <source>Shared with the receiver. In the scheme&apos;s own form, whsec_ followed by base64, it is used decoded; any other text is used as it is.</source>
        <translation>Wird mit dem Empfänger geteilt. In der eigenen Form des Verfahrens, whsec_ gefolgt von Base64, wird es dekodiert verwendet; jeder andere Text unverändert.</translation>
    </message>
    <message>
        <source>Rotation:</source>
        <translation>Rotation:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>When you replace the secret, the current one goes on signing next to the new one for this long, so that receivers can switch over one by one. 0 retires it at once. Default: 24 h.</source>
        <translation>Wenn Sie das Geheimnis ersetzen, signiert das aktuelle so lange neben dem neuen weiter, damit die Empfänger nacheinander umstellen können. 0 beendet es sofort. Standard: 24 h.</translation>
    </message>
    <message>
        <source>after the new one is saved</source>
        <translation>nachdem das neue gespeichert ist</translation>
    </message>
    <message>
        <source>Old one signs:</source>
        <translation>Das alte signiert:</translation>
    </message>
    <message>
        <source>Server Verification</source>
        <translation>Serverprüfung</translation>
    </message>
    <message>
        <source>Certificates are always verified; that cannot be turned off. By default the system&apos;s CAs are trusted. A CA file replaces them for this target only, to trust a private CA here and nowhere else.</source>
        <translation>Zertifikate werden immer geprüft; das lässt sich nicht abschalten. Standardmäßig gelten die Zertifizierungsstellen des Systems als vertrauenswürdig. Eine CA-Datei ersetzt sie nur für dieses Ziel, um einer privaten Zertifizierungsstelle hier und nirgends sonst zu vertrauen.</translation>
    </message>
    <message>
        <source>the system&apos;s CAs</source>
        <translation>die Zertifizierungsstellen des Systems</translation>
    </message>
    <message>
        <source>Choose a CA file</source>
        <translation>CA-Datei wählen</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM-Zertifikate (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA-Datei</translation>
    </message>
    <message>
        <source>PEM file with the CA certificates to trust for this target. Default: none (the system&apos;s CAs).</source>
        <translation>PEM-Datei mit den CA-Zertifikaten, denen für dieses Ziel vertraut wird. Standard: keine (die Zertifizierungsstellen des Systems).</translation>
    </message>
    <message>
        <source>Client Certificate (Mutual TLS)</source>
        <translation>Client-Zertifikat (Mutual TLS)</translation>
    </message>
    <message>
        <source>For targets that ask for a client certificate. The certificate is a PEM file; its private key is a secret, kept in the keychain (load it from its file) or referred to.</source>
        <translation>Für Ziele, die ein Client-Zertifikat verlangen. Das Zertifikat ist eine PEM-Datei; sein privater Schlüssel ist ein Geheimnis, das im Schlüsselbund liegt (aus seiner Datei laden) oder auf das verwiesen wird.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>Choose the client certificate</source>
        <translation>Client-Zertifikat wählen</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>PEM file with the client certificate. Default: none.</source>
        <translation>PEM-Datei mit dem Client-Zertifikat. Standard: keine.</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Privater Schlüssel</translation>
    </message>
    <message>
        <source>The certificate&apos;s PEM private key. Loaded from a file it goes to the keychain on save; the file is not needed afterwards.</source>
        <translation>Der private PEM-Schlüssel des Zertifikats. Aus einer Datei geladen, kommt er beim Speichern in den Schlüsselbund; die Datei wird danach nicht mehr gebraucht.</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>Zeitlimits</translation>
    </message>
    <message>
        <source>How long to wait for a connection, and for a whole attempt, before it counts as failed and is retried. Default: 5 s to connect, 30 s per attempt.</source>
        <translation>Wie lange auf eine Verbindung und auf einen ganzen Versuch gewartet wird, bevor er als fehlgeschlagen gilt und wiederholt wird. Standard: 5 s für den Verbindungsaufbau, 30 s pro Versuch.</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>1 ms to 10 min. Default: 5 s.</source>
        <translation>1 ms bis 10 min. Standard: 5 s.</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>The whole request, from sending to the last byte of the answer. 1 ms to 1 h. Default: 30 s.</source>
        <translation>Die ganze Anfrage, vom Senden bis zum letzten Byte der Antwort. 1 ms bis 1 h. Standard: 30 s.</translation>
    </message>
    <message>
        <source>Concurrency and Rate</source>
        <translation>Parallelität und Rate</translation>
    </message>
    <message>
        <source>At most this many requests in flight at once, and at most this many started per second. Default: 64 at once, no rate limit.</source>
        <translation>Höchstens so viele Anfragen gleichzeitig unterwegs und höchstens so viele pro Sekunde gestartet. Standard: 64 gleichzeitig, kein Ratenlimit.</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Parallelität</translation>
    </message>
    <message>
        <source>Requests in flight at once, 1 to 4096; the upper bound for adaptive concurrency. Default: 64.</source>
        <translation>Gleichzeitig laufende Anfragen, 1 bis 4096; die Obergrenze für die adaptive Parallelität. Standard: 64.</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /s</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Ratenlimit</translation>
    </message>
    <message>
        <source>Requests started per second; 0 = unlimited. Default: unlimited.</source>
        <translation>Pro Sekunde gestartete Anfragen; 0 = unbegrenzt. Standard: unbegrenzt.</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Burst</source>
        <translation>Burst</translation>
    </message>
    <message>
        <source>Requests allowed at once after a quiet spell; 0 = automatic (the rate rounded up, at least 1). Default: automatic.</source>
        <translation>Nach einer ruhigen Phase auf einmal erlaubte Anfragen; 0 = automatisch (die Rate aufgerundet, mindestens 1). Standard: automatisch.</translation>
    </message>
    <message>
        <source>Ordering</source>
        <translation>Reihenfolge</translation>
    </message>
    <message>
        <source>Per partition key: messages sharing a key arrive in the order they were enqueued, each waiting until the one before is delivered; different keys and messages without one go in parallel. Default: no ordering (fastest).</source>
        <translation>Pro Partitionsschlüssel: Nachrichten mit demselben Schlüssel kommen in der Reihenfolge an, in der sie eingereiht wurden, jede wartet, bis die vorige zugestellt ist; verschiedene Schlüssel und Nachrichten ohne Schlüssel laufen parallel. Standard: keine Reihenfolge (am schnellsten).</translation>
    </message>
    <message>
        <source>None — deliver in parallel</source>
        <translation>Keine — parallel zustellen</translation>
    </message>
    <message>
        <source>Per partition key</source>
        <translation>Pro Partitionsschlüssel</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Reihenfolge</translation>
    </message>
    <message>
        <source>Hold the later ones of its key</source>
        <translation>Die späteren desselben Schlüssels zurückhalten</translation>
    </message>
    <message>
        <source>Skip it, deliver the later ones</source>
        <translation>Überspringen, die späteren zustellen</translation>
    </message>
    <message>
        <source>After a dead one</source>
        <translation>Nach einer unzustellbaren</translation>
    </message>
    <message>
        <source>Hold: the later deliveries of its key wait until it is replayed and delivered, or discarded. Skip: they go on without it. Default: hold.</source>
        <translation>Zurückhalten: Die späteren Zustellungen desselben Schlüssels warten, bis sie erneut gesendet und zugestellt oder verworfen ist. Überspringen: Sie laufen ohne sie weiter. Standard: zurückhalten.</translation>
    </message>
    <message>
        <source>Retry Policy</source>
        <translation>Wiederholungsrichtlinie</translation>
    </message>
    <message>
        <source>The delay before retry n is min(max delay, base delay × multiplierⁿ⁻¹), spread by jitter. A Retry-After header on 429 and 503 answers is honoured, up to the max delay. Default: 12 attempts, 1 s, × 2, at most 10 min apart, full jitter, for a day.</source>
        <translation>Die Verzögerung vor Wiederholung n ist min(maximale Verzögerung, Grundverzögerung × Faktorⁿ⁻¹), gestreut durch Jitter. Ein Retry-After-Header in 429- und 503-Antworten wird bis zur maximalen Verzögerung beachtet. Standard: 12 Versuche, 1 s, × 2, höchstens 10 min Abstand, voller Jitter, einen Tag lang.</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>All attempts, the first included: 1 to 1000. Default: 12.</source>
        <translation>Alle Versuche, der erste eingeschlossen: 1 bis 1000. Standard: 12.</translation>
    </message>
    <message>
        <source>Base delay</source>
        <translation>Grundverzögerung</translation>
    </message>
    <message>
        <source>The delay before the first retry. Default: 1 s.</source>
        <translation>Die Verzögerung vor der ersten Wiederholung. Standard: 1 s.</translation>
    </message>
    <message>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <source>Multiplier</source>
        <translation>Faktor</translation>
    </message>
    <message>
        <source>Each delay is this many times the one before: 1 to 100. Default: 2.</source>
        <translation>Jede Verzögerung ist so viel Mal die vorige: 1 bis 100. Standard: 2.</translation>
    </message>
    <message>
        <source>Max delay</source>
        <translation>Maximale Verzögerung</translation>
    </message>
    <message>
        <source>No delay grows beyond this. Default: 10 min.</source>
        <translation>Keine Verzögerung wird länger. Standard: 10 min.</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>Voll</translation>
    </message>
    <message>
        <source>Equal</source>
        <translation>Gleich</translation>
    </message>
    <message>
        <source>Decorrelated</source>
        <translation>Dekorreliert</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Jitter</translation>
    </message>
    <message>
        <source>Spreads retries so that failed deliveries do not come back all at once. Full: anywhere from 0 to the delay (default). Equal: from half the delay to the delay. Decorrelated: from the base delay to 3 × the previous delay. None: exactly the delay.</source>
        <translation>Streut Wiederholungen, damit fehlgeschlagene Zustellungen nicht alle auf einmal zurückkommen. Voll: irgendwo zwischen 0 und der Verzögerung (Standard). Gleich: von der halben Verzögerung bis zur Verzögerung. Dekorreliert: von der Grundverzögerung bis 3 × der vorigen Verzögerung. Keine: genau die Verzögerung.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Max age</source>
        <translation>Höchstalter</translation>
    </message>
    <message>
        <source>A delivery older than this is dead-lettered instead of being tried again: 1 s to 365 d. Default: 1 d.</source>
        <translation>Eine ältere Zustellung wird als unzustellbar abgelegt, statt erneut versucht zu werden: 1 s bis 365 T. Standard: 1 T.</translation>
    </message>
    <message>
        <source>no status is retried</source>
        <translation>kein Status wird wiederholt</translation>
    </message>
    <message>
        <source>Retry on</source>
        <translation>Wiederholen bei</translation>
    </message>
    <message>
        <source>HTTP statuses that are retried, separated by commas; any other error status dead-letters at once. Network errors and timeouts are always retried. Default: 408, 425, 429, 500, 502, 503, 504.</source>
        <translation>HTTP-Status, die wiederholt werden, durch Kommas getrennt; jeder andere Fehlerstatus führt sofort zur Ablage als unzustellbar. Netzwerkfehler und Zeitüberschreitungen werden immer wiederholt. Standard: 408, 425, 429, 500, 502, 503, 504.</translation>
    </message>
    <message>
        <source>Retry policy</source>
        <translation>Wiederholungsrichtlinie</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>When each attempt starts, counted from the first, and how far jitter can move it.</source>
        <translation>Wann jeder Versuch beginnt, gezählt ab dem ersten, und wie weit der Jitter ihn verschieben kann.</translation>
    </message>
    <message>
        <source>Circuit Breaker</source>
        <translation>Circuit Breaker</translation>
    </message>
    <message>
        <source>Stops sending to a failing target. When, among the recent calls (once there are enough), the share of failures or of slow calls reaches its threshold, the breaker opens: nothing is sent for the open time, then a few probe requests decide whether it closes again. Default: on; the last 100 calls, at least 10, 50 % failures, open 60 s, 10 probes.</source>
        <translation>Hört auf, an ein fehlerhaftes Ziel zu senden. Erreicht unter den letzten Aufrufen (sobald es genug sind) der Anteil der Fehler oder der langsamen Aufrufe seine Schwelle, öffnet sich der Breaker: Während der Öffnungszeit wird nichts gesendet, danach entscheiden einige Probeanfragen, ob er sich wieder schließt. Standard: an; die letzten 100 Aufrufe, mindestens 10, 50 % Fehler, 60 s offen, 10 Probeanfragen.</translation>
    </message>
    <message>
        <source>Open when the target keeps failing</source>
        <translation>Öffnen, wenn das Ziel wiederholt fehlschlägt</translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation>Breaker</translation>
    </message>
    <message>
        <source>Default: on.</source>
        <translation>Standard: an.</translation>
    </message>
    <message>
        <source>Last N calls</source>
        <translation>Letzte N Aufrufe</translation>
    </message>
    <message>
        <source>Last N seconds</source>
        <translation>Letzte N Sekunden</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Which recent calls count. Default: the last N calls.</source>
        <translation>Welche letzten Aufrufe zählen. Standard: die letzten N Aufrufe.</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Calls or seconds in the window. Default: 100.</source>
        <translation>Aufrufe oder Sekunden im Fenster. Standard: 100.</translation>
    </message>
    <message>
        <source> calls</source>
        <translation> Aufrufe</translation>
    </message>
    <message>
        <source>At least</source>
        <translation>Mindestens</translation>
    </message>
    <message>
        <source>The breaker judges no window with fewer calls. Default: 10.</source>
        <translation>Ein Fenster mit weniger Aufrufen bewertet der Breaker nicht. Standard: 10.</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Failure rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <source>Opens at this share of failed calls (timeouts, connection errors, 5xx, 429). Default: 50 %.</source>
        <translation>Öffnet bei diesem Anteil fehlgeschlagener Aufrufe (Zeitüberschreitungen, Verbindungsfehler, 5xx, 429). Standard: 50 %.</translation>
    </message>
    <message>
        <source>Slow-call rate</source>
        <translation>Quote langsamer Aufrufe</translation>
    </message>
    <message>
        <source>Opens at this share of slow calls. Default: 100 % (only an all-slow window).</source>
        <translation>Öffnet bei diesem Anteil langsamer Aufrufe. Standard: 100 % (nur ein durchweg langsames Fenster).</translation>
    </message>
    <message>
        <source>Slow from</source>
        <translation>Langsam ab</translation>
    </message>
    <message>
        <source>A call this long or longer is slow. Default: 30 s.</source>
        <translation>Ein Aufruf, der so lange oder länger dauert, ist langsam. Standard: 30 s.</translation>
    </message>
    <message>
        <source>Open for</source>
        <translation>Offen für</translation>
    </message>
    <message>
        <source>How long nothing is sent once it opens. Default: 60 s.</source>
        <translation>Wie lange nichts gesendet wird, nachdem er sich geöffnet hat. Standard: 60 s.</translation>
    </message>
    <message>
        <source> requests</source>
        <translation> Anfragen</translation>
    </message>
    <message>
        <source>Probes</source>
        <translation>Probeanfragen</translation>
    </message>
    <message>
        <source>Requests let through after the open time to decide whether it closes. Default: 10.</source>
        <translation>Anfragen, die nach der Öffnungszeit durchgelassen werden, um zu entscheiden, ob er sich schließt. Standard: 10.</translation>
    </message>
    <message>
        <source>Adaptive Concurrency</source>
        <translation>Adaptive Parallelität</translation>
    </message>
    <message>
        <source>Finds the concurrency the target copes with: one more request in flight per calm round trip, fewer when answers slow down or the target says it is overloaded. The concurrency setting is the upper bound. Default: off.</source>
        <translation>Findet die Parallelität, die das Ziel verkraftet: eine Anfrage mehr pro ruhigem Umlauf, weniger, wenn Antworten langsamer werden oder das Ziel Überlastung meldet. Die Einstellung Parallelität ist die Obergrenze. Standard: aus.</translation>
    </message>
    <message>
        <source>Adapt to the target</source>
        <translation>An das Ziel anpassen</translation>
    </message>
    <message>
        <source>Adaptive</source>
        <translation>Adaptiv</translation>
    </message>
    <message>
        <source>Default: off.</source>
        <translation>Standard: aus.</translation>
    </message>
    <message>
        <source>Start at</source>
        <translation>Beginnen bei</translation>
    </message>
    <message>
        <source>Requests in flight at start, 1 to 4096. Default: 1.</source>
        <translation>Gleichzeitige Anfragen zu Beginn, 1 bis 4096. Standard: 1.</translation>
    </message>
    <message>
        <source>Back off to</source>
        <translation>Zurückfahren auf</translation>
    </message>
    <message>
        <source>On congestion the limit is multiplied by this: 0.1 to 0.99. Default: 0.9.</source>
        <translation>Bei Überlastung wird die Grenze damit multipliziert: 0,1 bis 0,99. Standard: 0,9.</translation>
    </message>
    <message>
        <source>Slower by</source>
        <translation>Langsamer um</translation>
    </message>
    <message>
        <source>Answers this much slower than usual count as congestion (0.05 = 5 %). Default: 0.05.</source>
        <translation>Antworten, die um so viel langsamer sind als üblich, gelten als Überlastung (0,05 = 5 %). Standard: 0,05.</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <source>Weight of the newest round trips in &quot;usual&quot;: 0.01 to 1. Default: 0.4.</source>
        <translation>Gewicht der neuesten Umläufe für „üblich“: 0,01 bis 1. Standard: 0,4.</translation>
    </message>
    <message>
        <source>Retry Budget</source>
        <translation>Wiederholungsbudget</translation>
    </message>
    <message>
        <source>Caps retries at a share of first attempts, so that a struggling target is not hit by a retry storm on top of its normal load. Default: 20 % plus 1 retry a second, over 10 s.</source>
        <translation>Begrenzt Wiederholungen auf einen Anteil der Erstversuche, damit ein überlastetes Ziel nicht zusätzlich zu seiner normalen Last von einer Welle von Wiederholungen getroffen wird. Standard: 20 % plus 1 Wiederholung pro Sekunde, über 10 s.</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Retries per first attempt in the window (0.2 = 20 %). Default: 0.2.</source>
        <translation>Wiederholungen pro Erstversuch im Fenster (0,2 = 20 %). Standard: 0,2.</translation>
    </message>
    <message>
        <source>Plus</source>
        <translation>Plus</translation>
    </message>
    <message>
        <source>Retries allowed every second regardless, so a quiet target can still retry. Default: 1.</source>
        <translation>Wiederholungen, die in jedem Fall pro Sekunde erlaubt sind, damit auch ein ruhiges Ziel wiederholen kann. Standard: 1.</translation>
    </message>
    <message>
        <source>1 s to 1 h. Default: 10 s.</source>
        <translation>1 s bis 1 h. Standard: 10 s.</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Felder</translation>
    </message>
    <message>
        <source>Each field of the object sent is taken out of the message by JSON Pointer (RFC 6901): /user/email is &quot;email&quot; inside &quot;user&quot;; in a name, ~1 stands for &apos;/&apos; and ~0 for &apos;~&apos;. Leave the fields and the constants empty to send the message as it is (the default).</source>
        <translation>Jedes Feld des gesendeten Objekts wird per JSON-Pointer (RFC 6901) aus der Nachricht entnommen: /user/email ist &quot;email&quot; innerhalb von &quot;user&quot;; in einem Namen steht ~1 für &apos;/&apos; und ~0 für &apos;~&apos;. Lassen Sie Felder und Konstanten leer, um die Nachricht unverändert zu senden (der Standard).</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>JSON Pointer</source>
        <translation>JSON-Pointer</translation>
    </message>
    <message>
        <source>Mapped fields</source>
        <translation>Zugeordnete Felder</translation>
    </message>
    <message>
        <source>Constants</source>
        <translation>Konstanten</translation>
    </message>
    <message>
        <source>Fields with fixed values added to every payload, as a JSON object.</source>
        <translation>Felder mit festen Werten, die allen Nutzdaten hinzugefügt werden, als JSON-Objekt.</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Sends one real request with the settings and credentials of this dialog, secrets typed here included, exactly as a delivery would go out. No retry, breaker or rate limit applies, and nothing is saved.</source>
        <translation>Sendet eine echte Anfrage mit den Einstellungen und Zugangsdaten dieses Dialogs, hier eingegebene Geheimnisse eingeschlossen, genau so, wie eine Zustellung hinausginge. Wiederholungen, Breaker und Ratenlimit gelten nicht, und nichts wird gespeichert.</translation>
    </message>
    <message>
        <source>Any HTTP method. Default: POST.</source>
        <translation>Jede HTTP-Methode. Standard: POST.</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>the target URL&apos;s own path, or e.g. /health</source>
        <translation>der eigene Pfad der Ziel-URL, oder z. B. /health</translation>
    </message>
    <message>
        <source>Replaces the path and query of the target&apos;s URL when given; it starts with &apos;/&apos;.</source>
        <translation>Ersetzt, wenn angegeben, Pfad und Query der URL des Ziels; er beginnt mit &apos;/&apos;.</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <source>Sent as it is (the mapping does not apply); not sent with GET and HEAD.</source>
        <translation>Wird unverändert gesendet (die Zuordnung gilt nicht); bei GET und HEAD nicht gesendet.</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>Body:</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Requests carry no credentials.</source>
        <translation>Anfragen tragen keine Zugangsdaten.</translation>
    </message>
    <message>
        <source>Sends &quot;Authorization: Bearer &lt;token&gt;&quot; with every request.</source>
        <translation>Sendet „Authorization: Bearer &lt;token&gt;“ mit jeder Anfrage.</translation>
    </message>
    <message>
        <source>Sends the key in a header of your choice.</source>
        <translation>Sendet den Schlüssel in einem Header Ihrer Wahl.</translation>
    </message>
    <message>
        <source>Sends &quot;Authorization: Basic …&quot; with the user name and password.</source>
        <translation>Sendet „Authorization: Basic …“ mit Benutzername und Passwort.</translation>
    </message>
    <message>
        <source>Gets an access token from the token URL with the client ID and secret (client-credentials grant), keeps it until it expires and sends it as a bearer token.</source>
        <translation>Holt mit Client-ID und Secret ein Zugriffstoken von der Token-URL (Client-Credentials-Grant), behält es bis zum Ablauf und sendet es als Bearer-Token.</translation>
    </message>
    <message>
        <source>On save, the current secret goes on signing next to the new one for %1, so that receivers can switch over.</source>
        <translation>Beim Speichern signiert das aktuelle Geheimnis noch %1 neben dem neuen, damit die Empfänger umstellen können.</translation>
    </message>
    <message>
        <source>On save, only the new secret signs: receivers must know it at once.</source>
        <translation>Beim Speichern signiert nur das neue Geheimnis: Die Empfänger müssen es sofort kennen.</translation>
    </message>
    <message>
        <source>In progress: the previous secret also signs until %1, so that receivers can switch over.</source>
        <translation>Läuft: Das bisherige Geheimnis signiert zusätzlich bis %1, damit die Empfänger umstellen können.</translation>
    </message>
    <message>
        <source>Over: the previous secret stopped signing on %1.</source>
        <translation>Beendet: Das bisherige Geheimnis signiert seit %1 nicht mehr.</translation>
    </message>
    <message>
        <source>required: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;</source>
        <translation>erforderlich: Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos;</translation>
    </message>
    <message>
        <source>a target called &quot;%1&quot; exists already</source>
        <translation>ein Ziel namens „%1“ gibt es bereits</translation>
    </message>
    <message>
        <source>required: the http:// or https:// address deliveries go to</source>
        <translation>erforderlich: die http://- oder https://-Adresse, an die Zustellungen gehen</translation>
    </message>
    <message>
        <source>a header has a value but no name</source>
        <translation>ein Header hat einen Wert, aber keinen Namen</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is given twice</source>
        <translation>„%1“ ist doppelt angegeben</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an HTTP status code</source>
        <translation>„%1“ ist kein HTTP-Statuscode</translation>
    </message>
    <message>
        <source>not set: type the %1, or choose where it comes from</source>
        <translation>nicht gesetzt: Geben Sie das %1 ein oder wählen Sie, woher es kommt</translation>
    </message>
    <message>
        <source>required: the authorization server&apos;s token endpoint</source>
        <translation>erforderlich: der Token-Endpunkt des Autorisierungsservers</translation>
    </message>
    <message>
        <source>not set: type the signing secret, or choose where it comes from</source>
        <translation>nicht gesetzt: Geben Sie das Signaturgeheimnis ein oder wählen Sie, woher es kommt</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a readable file</source>
        <translation>„%1“ ist keine lesbare Datei</translation>
    </message>
    <message>
        <source>not set: load the certificate&apos;s private key, or choose where it comes from</source>
        <translation>nicht gesetzt: Laden Sie den privaten Schlüssel des Zertifikats oder wählen Sie, woher er kommt</translation>
    </message>
    <message>
        <source>the pointer &quot;%1&quot; has no field name</source>
        <translation>der Pointer „%1“ hat keinen Feldnamen</translation>
    </message>
    <message>
        <source>not valid JSON: %1 at character %2</source>
        <translation>kein gültiges JSON: %1 bei Zeichen %2</translation>
    </message>
    <message>
        <source>must be a JSON object such as {&quot;template&quot;: &quot;welcome&quot;}</source>
        <translation>muss ein JSON-Objekt sein, etwa {&quot;template&quot;: &quot;welcome&quot;}</translation>
    </message>
    <message>
        <source>Something on this page needs fixing</source>
        <translation>Auf dieser Seite ist etwas zu berichtigen</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>%1 › %2</source>
        <translation>%1 › %2</translation>
    </message>
    <message>
        <source>%1 › %2: %3</source>
        <translation>%1 › %2: %3</translation>
    </message>
    <message>
        <source>Enter a name and a URL to add the target.</source>
        <translation>Geben Sie einen Namen und eine URL ein, um das Ziel hinzuzufügen.</translation>
    </message>
    <message>
        <source>1 problem to fix before saving: %1</source>
        <translation>1 Problem vor dem Speichern zu beheben: %1</translation>
    </message>
    <message>
        <source>%1 problems to fix before saving: %2</source>
        <translation>%1 Probleme vor dem Speichern zu beheben: %2</translation>
    </message>
    <message>
        <source>; …</source>
        <translation>; …</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>Keine Änderungen.</translation>
    </message>
    <message>
        <source>Changes: %1</source>
        <translation>Änderungen: %1</translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation> und %1 weitere</translation>
    </message>
    <message>
        <source>Ready to add “%1”.</source>
        <translation>Bereit, „%1“ hinzuzufügen.</translation>
    </message>
    <message>
        <source>fix the problems marked in the dialog first.</source>
        <translation>beheben Sie zuerst die im Dialog markierten Probleme.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an HTTP method.</source>
        <translation>„%1“ ist keine HTTP-Methode.</translation>
    </message>
    <message>
        <source>the path must start with &apos;/&apos;.</source>
        <translation>der Pfad muss mit &apos;/&apos; beginnen.</translation>
    </message>
    <message>
        <source>Reading the credentials…</source>
        <translation>Zugangsdaten werden gelesen …</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::TargetEditor</name>
    <message>
        <source>another save of a target is still under way</source>
        <translation>ein anderes Speichern eines Ziels läuft noch</translation>
    </message>
    <message>
        <source>no OS keychain is available, so the new secret cannot be stored; refer to an environment variable or a file instead. Nothing changed.</source>
        <translation>kein Schlüsselbund des Systems verfügbar, daher kann das neue Geheimnis nicht gespeichert werden; verweisen Sie stattdessen auf eine Umgebungsvariable oder eine Datei. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>%1: the new secret has no keychain reference</source>
        <translation>%1: Das neue Geheimnis hat keinen Schlüsselbund-Verweis</translation>
    </message>
    <message>
        <source>%1: the secret could not be stored in the keychain: %2. Nothing changed.</source>
        <translation>%1: Das Geheimnis konnte nicht im Schlüsselbund gespeichert werden: %2. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>%1. Nothing changed.</source>
        <translation>%1. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>the unused keychain entry %1 could not be removed: %2</source>
        <translation>der nicht mehr verwendete Schlüsselbund-Eintrag %1 konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>the old keychain entry %1 could not be removed: %2</source>
        <translation>der alte Schlüsselbund-Eintrag %1 konnte nicht entfernt werden: %2</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::TestConnectionDialog</name>
    <message>
        <source>Test connection: %1</source>
        <translation>Verbindung testen: %1</translation>
    </message>
    <message>
        <source>One real request to &lt;b&gt;%1&lt;/b&gt; with the stored credentials, as a delivery would send it: POST &lt;code&gt;{}&lt;/code&gt;. Nothing is stored; breaker, rate limit and retries do not apply.</source>
        <translation>Eine echte Anfrage an &lt;b&gt;%1&lt;/b&gt; mit den gespeicherten Zugangsdaten, so wie eine Zustellung sie senden würde: POST &lt;code&gt;{}&lt;/code&gt;. Nichts wird gespeichert; Breaker, Ratenlimit und Wiederholungen gelten nicht.</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>Erneut testen</translation>
    </message>
    <message>
        <source>Sending %1 to %2…</source>
        <translation>%1 wird an %2 gesendet …</translation>
    </message>
    <message>
        <source>Reading the credentials…</source>
        <translation>Zugangsdaten werden gelesen …</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::TrayIcon</name>
    <message>
        <source>&amp;Hide window</source>
        <translation>Fenster &amp;ausblenden</translation>
    </message>
    <message>
        <source>&amp;Pause all targets</source>
        <translation>Alle Ziele &amp;anhalten</translation>
    </message>
    <message>
        <source>&amp;Resume all targets</source>
        <translation>Alle Ziele &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Open &amp;dead letters</source>
        <translation>&amp;Unzustellbare Nachrichten öffnen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Show window</source>
        <translation>Fenster &amp;anzeigen</translation>
    </message>
</context>
<context>
    <name>Tandem::Ui::UiSettings</name>
    <message>
        <source>System language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Ingest listener</source>
        <translation>Ingest-Endpunkt</translation>
    </message>
</context>
</TS>
