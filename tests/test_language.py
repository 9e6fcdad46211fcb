"""Which language a posting is in: the answer says so, and admits what it cannot read."""

import pytest

from bot.model.language import FOREIGN_SCRIPT, UNKNOWN, detect

FRENCH = """Chef de projet - Lyon (H/F)

Vos missions
- Piloter le planning, le budget et les livrables du projet de migration de la paie
- Animer les comités de pilotage du projet et rendre compte à la direction
- Coordonner les équipes techniques et le prestataire jusqu'à la mise en production

Votre profil
- Bac+5 avec cinq ans d'expérience en gestion de projet informatique
"""
GERMAN = """Projektleiter (m/w/d) Hochbau

Ihre Aufgaben
- Sie steuern Termine, Kosten und Qualität für den Neubau unserer Grundschule
- Sie koordinieren die Gewerke und leiten die Baubesprechungen vor Ort
- Sie verantworten die Abnahme und die Übergabe an den Nutzer

Ihr Profil
- Abgeschlossenes Studium und mehrjährige Erfahrung in der Projektleitung
"""
SPANISH = """Jefe/a de Proyecto - Despliegue de fibra

Funciones
- Planificar el cronograma y el presupuesto del despliegue en el municipio
- Coordinar a las subcontratas y gestionar los permisos de obra
- Asegurar la certificación de la red y la entrega al cliente final

Requisitos
- Experiencia de al menos cinco años como jefe de proyecto en telecomunicaciones
"""
ITALIAN = """Responsabile di progetto - Milano

Responsabilità
- Gestire il piano, il budget e le scadenze del progetto di migrazione del sistema
- Coordinare il team tecnico e i fornitori durante tutte le fasi del progetto
- Preparare i rapporti di avanzamento per la direzione e per il cliente finale
"""


@pytest.mark.parametrize(
    ("text", "code", "read"),
    [
        (FRENCH, "fr", True),
        (GERMAN, "de", True),
        (SPANISH, "es", True),
        (ITALIAN, "it", False),
        (
            "プロジェクトマネージャーを募集しています。スケジュールと予算を管理します。",
            FOREIGN_SCRIPT,
            False,
        ),
        ("Own the plan", "en", True),
        ("Scope, schedule, budget, RAID, vendors, go-live, hypercare, handover", "en", True),
    ],
)
def test_language_is_told_apart(text, code, read):
    found = detect(text)
    assert (found.code, found.read) == (code, read)


def test_a_long_text_in_no_known_language_is_unknown():
    polish = (
        "Poszukujemy kierownika projektu do naszego biura w Warszawie, który będzie "
        "odpowiedzialny za harmonogram i budżet projektu oraz współpracę z dostawcami "
        "i klientami w całej Polsce i za granicą na wielu rynkach naraz"
    )
    assert detect(polish).code == UNKNOWN


@pytest.mark.parametrize(
    ("text", "role", "title_role"),
    [
        (FRENCH, "project", "project"),
        (GERMAN, "project", "project"),
        (SPANISH, "project", "project"),
    ],
)
def test_postings_in_the_languages_read_get_a_verdict_that_names_the_language(
    brain, answerer, text, role, title_role
):
    verdict = brain.classify(text)
    assert (verdict.role, verdict.title_role, verdict.language_read) == (role, title_role, True)
    reply = answerer.answer(text)
    assert reply.kind == "verdict"
    assert {"fr": "French", "de": "German", "es": "Spanish"}[verdict.language] in reply.text


def test_a_language_not_read_gets_a_low_confidence_answer_that_says_so(brain, answerer):
    verdict = brain.classify(ITALIAN)
    assert verdict.language == "it"
    assert verdict.low_confidence
    assert verdict.confidence <= brain.thresholds.unread_language
    reply = answerer.answer(ITALIAN)
    assert reply.kind == "unread_language"
    assert "Italian" in reply.text
