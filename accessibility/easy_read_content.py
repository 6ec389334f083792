"""Easy-to-read German (Leichte Sprache) texts that ship with MakerHub.

Written following DIN SPEC 33429: short sentences, one statement per line, common words,
hard words explained, active voice, numbers as digits. They have not yet been checked by
readers of the target group: ``reviewed_by`` stays empty until a review group has read them
(the site then says so). Editors change them in the admin; the migration that installs them
never overwrites an edited text."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "home": (
        "Was ist MakerHub?",
        """MakerHub ist eine Seite im Internet.
Auf der Seite finden Sie 4 Werkstätten in Dortmund.
Diese Werkstätten heißen Makerspaces.
Das spricht man so: Mäi-ker-späi-ses.

In einem Makerspace bauen Menschen Dinge.
Zum Beispiel mit einem 3D-Drucker.
Ein 3D-Drucker ist eine Maschine.
Die Maschine macht Dinge aus Kunststoff.

Auf MakerHub können Sie:
eine Maschine für eine Zeit reservieren.
Reservieren heißt: Die Maschine ist dann für Sie frei.
Sie können sich für einen Kurs anmelden.
Ein Kurs heißt hier Workshop.
Sie können Baupläne für Hilfsmittel herunterladen.
Ein Hilfsmittel macht den Alltag leichter.
Zum Beispiel ein Halter für einen Becher.

Sie können sich alles ansehen.
Dafür brauchen Sie kein Konto.
Ein Konto ist Ihr Zugang zu MakerHub.
Mit einem Konto können Sie reservieren und sich anmelden.""",
    ),
    "how-to-book": (
        "So reservieren Sie eine Maschine",
        """Sie brauchen ein Konto bei MakerHub.
Melden Sie sich an.

Öffnen Sie die Liste mit den Maschinen.
Wählen Sie eine Maschine aus.

Manche Maschinen sind gefährlich.
Dann brauchen Sie zuerst eine Einweisung.
Eine Einweisung ist ein kurzer Kurs.
Im Kurs lernen Sie die Maschine sicher zu benutzen.
Auf der Seite von der Maschine steht:
Brauchen Sie eine Einweisung?

Wählen Sie einen Tag und eine Uhrzeit.
Drücken Sie auf den Knopf: Reservieren.
Sie bekommen dann eine E-Mail.
In der E-Mail steht Ihre Zeit.

Sie brauchen mehr Zeit an der Maschine?
Das können Sie in Ihrem Profil sagen.
Dann dürfen Sie länger reservieren.""",
    ),
    "how-to-workshop": (
        "So melden Sie sich für einen Workshop an",
        """Ein Workshop ist ein Kurs.
Im Workshop lernen Sie etwas Neues.

Öffnen Sie die Liste mit den Workshops.
Wählen Sie einen Workshop aus.
Drücken Sie auf den Knopf: Anmelden.

Manchmal ist ein Workshop schon voll.
Dann können Sie auf die Warte-Liste.
Wird ein Platz frei?
Dann bekommen Sie eine E-Mail.

Sie können den Leuten vom Workshop sagen:
Das brauche ich.
Zum Beispiel: Bitte sprechen Sie langsam.
Sie entscheiden jedes Mal selbst.""",
    ),
    "how-to-cancel": (
        "So sagen Sie ab",
        """Sie können nicht kommen?
Dann sagen Sie bitte ab.

Oben auf der Seite steht: Meine Reservierungen.
Oder: Meine Workshops.
Drücken Sie darauf.

Neben Ihrem Termin steht der Knopf: Absagen.
Drücken Sie auf den Knopf.
Drücken Sie noch einmal auf: Ja, absagen.

Sagen Sie bitte früh ab.
Dann kann eine andere Person Ihren Platz haben.""",
    ),
    "privacy": (
        "Datenschutz: Was passiert mit Ihren Daten?",
        """Daten sind Informationen über Sie.
Zum Beispiel Ihr Name und Ihre E-Mail-Adresse.

MakerHub speichert nur die Daten, die wir brauchen.
Wir verkaufen Ihre Daten nicht.
Wir geben Ihre Daten nicht an andere Firmen.

Sie können fragen:
Welche Daten haben Sie über mich?
Sie bekommen dann eine Datei mit Ihren Daten.

Alte Reservierungen heben wir eine Zeit lang auf.
Danach löschen wir Ihren Namen aus den alten Reservierungen.

Sie können Ihr Konto löschen.
Dann löschen wir Ihre Daten.

Sie haben eine Frage zum Datenschutz?
Schreiben Sie an das Team von Ihrem Makerspace.""",
    ),
    "consent:needs-profile:2026-1": (
        "Ihre Bedürfnisse: Was passiert damit?",
        """Sie können uns sagen: Das brauche ich.
Zum Beispiel: Ich brauche mehr Zeit.
Oder: Ich fahre Rollstuhl.

Das machen Sie nur, wenn Sie wollen.
Sie können MakerHub auch ohne diese Angaben benutzen.

Schreiben Sie nur: Was hilft mir?
Schreiben Sie keine Krankheit auf.

Diese Angaben sind besonders geschützt.
Wir speichern sie nur mit Ihrer Erlaubnis.
Dafür machen Sie einen Haken in das Kästchen.

Niemand sieht Ihre Angaben.
Auch das Team vom Makerspace sieht sie nicht.
Sie entscheiden bei jeder Reservierung selbst:
Soll das Team meine Angaben sehen?
Dann sieht nur das Team von diesem Makerspace Ihre Angaben.

Sie können Ihre Erlaubnis jederzeit zurücknehmen.
Dann löschen wir Ihre Angaben sofort.""",
    ),
    "consent:support-person:2026-1": (
        "Eine Person hilft Ihnen",
        """Eine andere Person kann für Sie reservieren.
Zum Beispiel Ihre Betreuerin oder Ihr Betreuer.
Die Person kann Sie auch für Workshops anmelden.

Die Person braucht ein eigenes Konto.
Schreiben Sie die E-Mail-Adresse von der Person auf.
Machen Sie einen Haken in das Kästchen.
Damit sagen Sie: Das ist in Ordnung.

Die Person sieht Ihre Bedürfnisse nicht.
Sie können die Hilfe jederzeit beenden.""",
    ),
    "accessibility-statement": (
        "Barriere-Freiheit: Können alle MakerHub benutzen?",
        """Alle Menschen sollen MakerHub benutzen können.
Das heißt: barriere-frei.

Sie können MakerHub mit der Tastatur benutzen.
Sie können MakerHub mit einem Vorlese-Programm benutzen.
Sie können die Schrift größer machen.
Sie können stärkere Farben einstellen.
Das heißt: hoher Kontrast.

Wir prüfen die Seiten mit einem Computer-Programm.
Das Programm findet nicht alle Probleme.

Manche Teile sind noch nicht barriere-frei.
Zum Beispiel: Manche Fotos haben keine gute Beschreibung.

Etwas klappt nicht?
Dann schreiben Sie uns.
Das Formular ist unten auf dieser Seite.
Sie brauchen dafür kein Konto.""",
    ),
}
