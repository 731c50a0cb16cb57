"""regulate in the client's language: the catalogues are complete and current, the language is
chosen by the rule of docs/FORMAT.md, and Spanish reaches every place a client reads."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from regulate import i18n
from regulate.history import History
from regulate.loader import wording
from regulate.report.build import build
from regulate.report.formats import REPORT_FORMATS
from regulate.system.paths import starter_pack
from tests.helpers import REPO
from tests.helpers import regulate as run
from tests.tui_helpers import NOW, pack_from

LOCALE = REPO / "regulate" / "locale"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _code_messages() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    method_map = [("regulate/**.py", "python")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalogue(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "regulate.po").open("rb") as handle:
        return read_po(handle)


def test_every_sentence_in_the_code_is_in_the_spanish_catalogue_and_no_more() -> None:
    """Fails when a sentence was added or changed without `python tools/catalogues.py update`."""
    in_code = _code_messages()
    assert len(in_code) > 250
    listed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in _catalogue("es") if m.id}
    assert in_code - listed == set(), "run: python tools/catalogues.py update"
    assert listed - in_code == set(), "sentences no longer in the code: run the update"


def test_every_spanish_entry_is_translated_not_fuzzy_and_keeps_its_placeholders() -> None:
    for message in _catalogue("es"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert "fuzzy" not in message.flags, message.id
        assert all(s.strip() for s in strings), f"untranslated: {message.id!r}"
        # every placeholder kept (a singular may say 'una' for {n}), and none invented
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted, string
        assert set(PLACEHOLDER.findall(strings[-1])) == wanted, strings[-1]


def test_the_compiled_catalogue_is_the_one_the_po_file_says() -> None:
    """A .po edited without `python tools/catalogues.py compile` would ship the old words."""
    with (LOCALE / "es" / "LC_MESSAGES" / "regulate.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in _catalogue("es"):
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id
        else:
            for n, string in ((1, message.string[0]), (5, message.string[1])):
                assert compiled.ngettext(message.id[0], message.id[1], n) == string


# ---------------------------------------------------------------- which language


@pytest.mark.parametrize(
    ("pack", "setting", "environ", "expected"),
    [
        ("es", "en", {"LANG": "en_GB.UTF-8"}, "es"),  # the pack's language while it is in use
        ("es-MX", None, {}, "es"),  # a regional tag is served by its language
        ("fr", "es", {}, "es"),  # a language the program lacks: the person's setting
        (None, "es", {"LANG": "en_US.UTF-8"}, "es"),  # the setting before the system
        (None, None, {"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}, "es"),
        (None, None, {"LC_ALL": "es_ES.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        (None, None, {"LC_MESSAGES": "es_AR.UTF-8"}, "es"),
        (None, None, {"LANG": "es_ES.UTF-8"}, "es"),
        (None, None, {"LANGUAGE": "fr:es"}, "es"),  # the first one the program has
        (None, None, {"LANG": "C.UTF-8"}, "en"),  # C names no language
        (None, None, {"LANG": "de_DE.UTF-8"}, "en"),  # nothing the program has: English
        (None, None, {}, "en"),
    ],
)
def test_the_language_follows_pack_then_setting_then_system_then_english(
    pack: str | None, setting: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.choose(pack, setting, environ) == expected


def test_the_loader_accepts_a_language_checks_its_form_and_names_what_it_speaks(
    exercise_file,
) -> None:
    body = "title: T\nkind: grounding\nsteps:\n  - prompt: Mira alrededor.\n    for: 10s\n"
    assert exercise_file("language: es-MX\n" + body).value.language == "es-MX"
    wrong = exercise_file("language: Spanish\n" + body, "wrong.yaml")
    assert wrong.value is None and [p.rule for p in wrong.problems] == ["language"]
    unknown = exercise_file("language: fr\n" + body, "fr.yaml")
    assert unknown.value is not None
    (warning,) = unknown.problems
    assert warning.rule == "language-unknown" and "es (Español)" in warning.message


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Cierra los ojos y descansa.", "eyes-closed"),
        ("Aquí estás a salvo.", "promises-safety"),
        ("Relájate.", "commands-feeling"),
        ("Deberías sentirte mejor.", "you-should"),
        ("Respira profundo.", "deep-breathing"),
        ("No te muevas.", "dont-move"),
    ],
)
def test_the_wording_warnings_hear_spanish(text: str, rule: str) -> None:
    assert [f.rule for f in wording.findings(text)] == [rule]


def test_an_invitation_in_spanish_draws_no_warning() -> None:
    invitation = (
        "Si te resulta cómodo, puedes cerrar los ojos, o dejarlos abiertos con la mirada en un "
        "punto. ¿Estás seguro de que quieres seguir? Respira con suavidad."
    )
    assert wording.findings(invitation) == []


def test_the_spanish_starter_pack_loads_clean_and_mirrors_the_english_one() -> None:
    spanish, english = pack_from(starter_pack("es")), pack_from(starter_pack())
    assert spanish.language == "es" and spanish.id == english.id == "starter"
    assert [e.id for e in spanish.exercises] == [e.id for e in english.exercises]
    assert [e.seconds for e in spanish.exercises] == [e.seconds for e in english.exercises]
    check = run("check", str(starter_pack("es")))
    assert check.stdout.strip() == "No problems found in 9 files.", check.stdout


# ---------------------------------------------------------------- Spanish where clients read

ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|you|your|before|after|sessions?|average|exercise|week|skipped|stopped|"
    r"calm|breathe|press|type|step)\b",
    re.IGNORECASE,
)


def test_plain_mode_speaks_spanish_from_the_first_line_to_the_last() -> None:
    result = run(
        "--language", "es", "play", "--plain", "--speed", "100",
        str(starter_pack("es") / "sigh-and-settle.yaml"), stdin="4\n7\nbien\n",
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, result.stderr
    for said in ("Lo que te pide:", "¿Cuánta calma sientes ahora mismo? (antes del ejercicio)",
                 "Inhala, respiración 1 de 6", "Aquí termina el ejercicio.",
                 "Antes 4, después 7: con un poco más de calma."):  # fmt: skip
        assert said in out
    assert ENGLISH_WORDS.findall(out) == []


def test_a_spanish_pack_is_played_in_spanish_for_a_person_whose_language_is_english() -> None:
    result = run(
        "--language", "en", "play", "--plain", "--speed", "100",
        str(starter_pack("es") / "feet-on-the-floor.yaml"), stdin="5\n5\n\n",
    )  # fmt: skip
    assert "Antes 5, después 5: más o menos igual." in result.stdout
    assert ENGLISH_WORDS.findall(result.stdout) == []


def _history(home: Path) -> History:
    store = History.open(home / "h.sqlite3", now=lambda: NOW)
    for minutes, (before, after, outcome) in enumerate([(3, 6, "completed"), (5, None, "stopped")]):
        store.now = lambda m=minutes: NOW.replace(minute=m)
        sid = store.start(pack_id="starter", pack_name="Paquete de inicio",
                          exercise_id="feet-on-the-floor", exercise_title="Los pies en el suelo",
                          exercise_sha256="0" * 64, planned_seconds=90, before=before)  # fmt: skip
        store.finish(sid, outcome=outcome, played_seconds=45, after=after, stopped_at_step=2)
    return store


@pytest.mark.parametrize("layout", ["html", "md"])
def test_both_reports_in_spanish_with_spanish_dates_and_numbers(
    tmp_path: Path, layout: str
) -> None:
    i18n.use("es")
    store = _history(tmp_path)
    data = build(store, {"starter": pack_from(starter_pack("es"))}, today=NOW.date())
    page = REPORT_FORMATS[layout].render(data)
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)
    for said in ("Valoraciones de calma, antes y después", "Hecho con regulate el 20 nov 2026",
                 "parada antes del final, en el paso 2, en 0:45 de 1:30", "Sesiones",
                 "Las notas personales no están incluidas."):  # fmt: skip
        assert said in text, said
    assert "3,0" in text  # a Spanish decimal comma
    assert ENGLISH_WORDS.findall(text) == [], ENGLISH_WORDS.findall(text)
    if layout == "html":
        assert '<html lang="es">' in page


def test_the_pseudo_language_marks_every_sentence_and_keeps_placeholders() -> None:
    i18n.use(i18n.PSEUDO)
    shown = i18n._("Step {number} of {steps}").format(number=2, steps=6)
    assert shown.startswith("⟦") and shown.endswith("⟧") and "2" in shown and "6" in shown
    assert len(i18n._("You can pause or stop at any time.")) >= 1.4 * 34


async def test_the_home_language_key_switches_the_screens_and_the_starter_pack(
    tmp_path: Path,
) -> None:
    from tests.tui_helpers import make_app, rendered_text

    app, _clock, _store = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Starter pack" in rendered_text(app) and "l Language" in rendered_text(app)
        await pilot.press("l")
        await pilot.pause()
        shown = rendered_text(app)
        assert "Paquete de inicio" in shown and "Fíjate en la habitación" in shown
        assert "l Idioma" in shown
        assert "Idioma: Español." in [n.message for n in app._notifications]
        assert app.prefs.language == "es"  # kept for next time
        await pilot.press("l")  # and back
        await pilot.pause()
        assert "Starter pack" in rendered_text(app) and app.prefs.language == "en"


async def test_after_a_language_switch_in_a_narrow_window_every_time_stays_in_sight(
    tmp_path: Path,
) -> None:
    """A longer label wraps onto a second line rather than losing its time (Textual measured
    each option once, before the list's scrollbar took its room)."""
    from tests.tui_helpers import make_app, rendered_text

    app, _clock, _store = make_app(tmp_path)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.clear_notifications()  # the toast would cover the list's right side
        await pilot.pause()
        lines = [line.strip() for line in rendered_text(app).splitlines()]
        at = next(i for i, line in enumerate(lines) if "Respiración en resonancia" in line)
        assert "5:00)" in lines[at] + lines[at + 1], lines[at : at + 2]


async def test_home_speaks_its_own_language_again_after_an_exercise_in_another(
    tmp_path: Path,
) -> None:
    from tests.tui_helpers import exercise_from, make_app, rendered_text

    spanish = exercise_from(starter_pack("es") / "feet-on-the-floor.yaml")
    app, _clock, _store = make_app(tmp_path, exercise=spanish)  # a lone Spanish file
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Duración total: 1:30, en 5 pasos." in rendered_text(app)
        await pilot.press("escape")
        await pilot.pause()
        shown = rendered_text(app)
        assert "Starter pack" in shown and "You can pause or stop at any time." in shown
        assert "esc Quit" in shown and i18n.current() == "en"


# ---------------------------------------------------------------- Spanish where therapists read


def _spanish_pack_with_mistakes(folder: Path) -> Path:
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "language: es\nname: Semana 3\nid: semana-3\nexercises: [respirar.yaml, notar.yaml]\n"
        "support:\n  text: Si te sientes peor, escríbeme. En una emergencia, llama al 112.\n",
        encoding="utf-8",
    )
    (folder / "respirar.yaml").write_text(
        "language: es\ntitle: Respirar\nkind: breathing\nsteps:\n"
        "  - breathe: {inhale: 4, hold: 9, exhale: 6, cycles: 3}\n"
        "  - prompt: Cierra los ojos y relájate.\n    for: 20 segundos\n"
        "  - prompt: Mira alrededor, despacio.\n    fro: 10\n",
        encoding="utf-8",
    )
    (folder / "notar.yaml").write_text(
        "title: Notar\nkind grounding\nsteps:\n  - prompt: Nota tus pies.\n    for: 10\n",
        encoding="utf-8",
    )
    return folder


def test_check_tells_a_spanish_speaking_therapist_every_problem_in_spanish(tmp_path: Path) -> None:
    pack = _spanish_pack_with_mistakes(tmp_path / "semana-3")
    result = run("--language", "es", "check", str(pack))
    out = result.stdout
    assert result.returncode == 1, result.stderr
    for said in (
        "'for' debe ser una duración de 1 segundo a 1 hora",  # '20 segundos'
        "clave desconocida 'fro'; ¿quizá querías decir 'for'?",
        "un 'hold' de 9 segundos es largo",
        "'Cierra los ojos' sin la opción de tener los ojos abiertos",
        "'relájate' ordena sentir algo",
        "parece que falta un ':' después de 'kind'",  # where the broken line starts
    ):
        assert said in out, said
    assert re.search(r"^\d+ errores, \d+ avisos en 3 archivos$", out, re.M), out
    # the editor-readable head of each line stays as editors match it (file:line:col: error:)
    assert re.search(r"respirar\.yaml:\d+:\d+: error: ", out)
    messages = " ".join(line.split(": ", 3)[-1] for line in out.splitlines() if ".yaml:" in line)
    assert ENGLISH_WORDS.findall(messages) == [], ENGLISH_WORDS.findall(messages)


def test_new_in_spanish_writes_a_spanish_pack_that_checks_clean_but_for_its_support_text(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "semana-1"
    made = run("--language", "es", "new", str(folder))
    assert made.returncode == 0, made.stderr
    assert f"Se ha escrito un paquete nuevo en {folder}:" in made.stdout
    manifest = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert "language: es" in manifest and "# El nombre del paquete" in manifest
    assert "TODO: escribe unas frases para este cliente" in manifest
    assert "Respira con suavidad" in (folder / "example.yaml").read_text(encoding="utf-8")
    checked = run("--language", "es", "check", str(folder))
    assert checked.returncode == 0, checked.stdout
    assert "el texto de apoyo aún tiene el marcador de 'regulate new'" in checked.stdout
    assert "[support-placeholder]" in checked.stdout
    # and the template's own words, named in Spanish, to be replaced before it is handed over
    assert "aún tiene el título del ejemplo 'Un ejemplo para cambiar'" in checked.stdout
    assert "aún tiene 'Tu nombre' como autor o autora" in checked.stdout
    assert checked.stdout.strip().endswith("0 errores, 6 avisos en 3 archivos")
    played = run(
        "play", "--plain", "--speed", "100", str(folder / "example.yaml"), stdin="5\n\n\n\n"
    )
    assert "Si te parece bien, nota tus manos." in played.stdout  # the pack's language, not mine


def test_help_and_argparse_complaints_are_in_the_persons_language() -> None:
    helped = run("--language", "es", "check", "--help")
    assert helped.stdout.startswith("uso: regulate check"), helped.stdout
    assert "Busca problemas en paquetes" in helped.stdout and "opciones:" in helped.stdout
    assert "muestra este mensaje de ayuda y termina" in helped.stdout
    wrong = run("--language", "es", "play", "--speed", "500", "x.yaml")
    assert wrong.returncode == 2
    assert "'500' no es una velocidad de 1 a 100" in wrong.stderr, wrong.stderr
    assert "regulate play: error: argumento --speed:" in wrong.stderr, wrong.stderr


@pytest.mark.parametrize("answer", ["sí", "si", "yes"])
def test_forget_in_spanish_asks_in_spanish_and_takes_si_as_yes(answer: str) -> None:
    store = History.open(now=lambda: NOW)
    sid = store.start(pack_id="starter", pack_name="Paquete de inicio", exercise_id="x",
                      exercise_title="X", exercise_sha256="0" * 64, planned_seconds=90, before=4)  # fmt: skip
    store.finish(sid, outcome="completed", played_seconds=90, after=6)
    store.close()
    result = run("--language", "es", "forget", "--all", stdin=f"{answer}\n")
    assert "Esto borra 1 sesión de tu historial: todas las sesiones." in result.stdout
    assert "Escribe sí para borrarlas" in result.stdout
    assert result.stdout.strip().endswith("Se ha borrado 1 sesión."), result.stdout
