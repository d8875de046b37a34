import Foundation
import Hummingbird
import OsmoseFormats

/// The visitor's language: French by default, English when asked (`?lang=en`, or Accept-Language).
enum Language: String, Sendable, CaseIterable {
    case fr, en

    init(request: Request) {
        self.init(query: request.uri.query, acceptLanguage: request.headers[.acceptLanguage])
    }

    /// `lang=` in the query (the first that names a language) wins; else Accept-Language; else French.
    init(query: String?, acceptLanguage: String?) {
        if let query, query.contains("lang") {
            for field in URLEncodedFields(parsing: query).fields where field.name.lowercased() == "lang" {
                if let lang = Language(rawValue: field.value.lowercased()) {
                    self = lang
                    return
                }
            }
        }
        guard let header = acceptLanguage, !header.isEmpty else {
            self = .fr
            return
        }
        self = AcceptLanguage(parsing: header).preferred(among: Language.allCases.map(\.rawValue)).flatMap(Language.init(rawValue:)) ?? .fr
    }

    var other: Language { self == .fr ? .en : .fr }
    var locale: String { self == .fr ? "fr_FR" : "en_GB" }

    var strings: [String: String] { Self.table[self]! }

    func t(_ key: String) -> String { strings[key] ?? key }

    static let table: [Language: [String: String]] = [
        .fr: [
            "journal": "Journal", "journal_note": "Chaque changement d’argent, d’autorisations et d’invités, le plus récent en haut ; le journal ne s’efface pas.",
            "l_since": "depuis", "l_entity": "type", "l_at": "quand", "l_who": "qui", "l_what": "quoi", "l_change": "avant → après",
            "rsvp_later": "Invité·e ? Répondez avec le lien personnel de votre invitation.", "add_calendar": "Ajouter à mon agenda",
            "rsvp_come": "Je viens", "rsvp_seats": "places", "rsvp_decline": "Je ne pourrai pas venir", "rsvp_send": "Envoyer ma réponse",
            "rsvp_thanks": "Merci, votre réponse est enregistrée.", "rsvp_unknown": "Ce lien d’invitation n’existe pas.",
            "rsvp_closed": "Les réponses sont closes : la projection a eu lieu.", "rsvp_full": "La salle est complète : une nouvelle réponse positive va sur la liste d’attente.",
            "rsvp_yes": "Vous venez, %d place(s) confirmée(s).", "rsvp_no": "Vous avez décliné l’invitation.",
            "rsvp_waitlist": "Vous êtes sur la liste d’attente pour %d place(s) : nous vous confirmerons dès qu’une place se libère.",
            "rsvp_pending": "Vous n’avez pas encore répondu.", "rsvp_offered": "Cette invitation vaut %d places.", "rsvp_offered_one": "Cette invitation vaut %d place.",
            "door": "Accueil", "door_in": "entrés", "door_confirmed": "confirmés", "door_capacity": "places", "door_search": "Chercher un nom…", "door_checkin": "Entrée",
            "switch": "English", "campaign": "Campagne", "premiere": "Avant-première", "team": "Équipe",
            "pledged": "promis", "collected": "encaissé", "of_target": "de l’objectif", "backers": "contributeurs",
            "days_left": "jours restants", "day_left": "jour restant", "ended": "Campagne terminée", "opens_on": "Ouverture le",
            "tiers": "Contreparties", "from": "à partir de", "remaining": "restantes", "unlimited": "illimitées", "sold_out": "épuisées",
            "seats": "places à l’avant-première", "seat": "place à l’avant-première",
            "progress": "Progression", "chart_title": "Contributions cumulées et objectif", "forecast": "Prévision",
            "forecast_range": "fourchette probable", "latest": "Derniers contributeurs", "anonymous": "anonyme", "news": "Nouvelles",
            "stretch": "Palier", "reached": "atteint", "target": "Objectif", "no_campaign": "Pas de campagne en cours.",
            "when": "Quand", "where": "Où", "film": "Le film", "no_screening": "La date de l’avant-première n’est pas encore fixée.",
            "error": "Erreur", "back": "Retour à la campagne", 
            "login": "Connexion de l’équipe", "token": "Jeton", "sign_in": "Se connecter", "sign_out": "Se déconnecter",
            "dashboard": "Tableau de bord", "pledges": "Contributions", "expenses": "Dépenses", "shoots": "Tournage",
            "people": "Personnes", "releases": "Autorisations", "logs": "Dérushage", "forecast_none": "pas encore de prévision",
            "confidence_low": "confiance faible", "confidence_medium": "confiance moyenne", "confidence_high": "confiance élevée",
            "confidence_final": "définitif", "confidence_none": "", "not_found": "Cette page n’existe pas.",
            "l_amount": "montant", "l_name": "nom", "l_email": "courriel", "l_public_name": "nom public", "l_anonymous": "anonyme", "l_tier": "contrepartie", "l_status": "statut", "l_date": "date", "l_add": "Ajouter", "l_line": "poste", "l_payee": "bénéficiaire", "l_payable": "à payer", "l_note": "note", "l_all": "tous", "l_search": "recherche", "l_tag": "thème", "l_subject": "qui / quoi", "l_kind": "type", "l_cleared": "autorisé", "l_why_not": "pourquoi pas", "l_usage": "usage", "l_territory": "territoire", "l_on": "le", "l_spaces": "lieux", "l_participants": "intervenants", "l_crew": "équipe", "l_call": "convocation", "l_wrap": "fin", "l_role": "rôle", "l_phone": "téléphone", "l_minor": "mineur", "l_guardian": "représentant légal", "l_ref": "référence", "l_estimate": "devis", "l_actual": "réel", "l_received": "reçu", "l_gap": "écart de financement", "l_funding": "Financements", "l_source": "source", "l_planned": "prévu", "l_expected": "attendu", "l_fees": "frais", "l_rewards": "contreparties", "l_net": "net", "l_uncovered": "dépensé non encore reçu", "l_shoot": "tournage", "l_person": "personne", "l_in": "entrée", "l_out": "sortie", "l_text": "texte", "l_public": "affiché", "footage": "Rushes", "cut": "Montage", "l_card": "carte", "l_camera": "caméra", "l_files": "fichiers", "l_size": "taille", "l_copies": "copies", "l_verified": "vérifiée", "l_failed": "ÉCHEC", "l_clip": "plan", "l_start": "début", "l_frames": "images", "l_fps": "im/s", "l_persons": "personnes", "l_space": "lieu", "l_model": "modèle", "l_record": "montage", "l_source_tc": "source", "l_unmatched": "événements sans plan connu", "l_gate_ok": "Montage autorisé", "l_gate_no": "Montage NON autorisé", "l_no_cut": "Aucun montage importé : osmose cut import FICHIER.", "l_no_cards": "Aucune carte : osmose footage ingest CARTE --shoot DATE --camera NOM.",
        ],
        .en: [
            "journal": "Journal", "journal_note": "Every change to money, releases and guests, latest first; the journal cannot be altered.",
            "l_since": "since", "l_entity": "kind", "l_at": "when", "l_who": "who", "l_what": "what", "l_change": "before → after",
            "rsvp_later": "Invited? Answer with the personal link in your invitation.", "add_calendar": "Add to my calendar",
            "rsvp_come": "I am coming", "rsvp_seats": "seats", "rsvp_decline": "I cannot come", "rsvp_send": "Send my answer",
            "rsvp_thanks": "Thank you, your answer is recorded.", "rsvp_unknown": "There is no such invitation link.",
            "rsvp_closed": "Answers are closed: the screening has taken place.", "rsvp_full": "The room is full: a new yes goes on the waiting list.",
            "rsvp_yes": "You are coming, %d seat(s) confirmed.", "rsvp_no": "You declined the invitation.",
            "rsvp_waitlist": "You are on the waiting list for %d seat(s): we will confirm as soon as seats free up.",
            "rsvp_pending": "You have not answered yet.", "rsvp_offered": "This invitation is for %d seats.", "rsvp_offered_one": "This invitation is for %d seat.",
            "door": "Door", "door_in": "in", "door_confirmed": "confirmed", "door_capacity": "seats", "door_search": "Search a name…", "door_checkin": "Check in",
            "switch": "Français", "campaign": "Campaign", "premiere": "Premiere", "team": "Team",
            "pledged": "pledged", "collected": "collected", "of_target": "of the target", "backers": "backers",
            "days_left": "days left", "day_left": "day left", "ended": "Campaign ended", "opens_on": "Opens on",
            "tiers": "Rewards", "from": "from", "remaining": "left", "unlimited": "unlimited", "sold_out": "sold out",
            "seats": "seats at the premiere", "seat": "seat at the premiere",
            "progress": "Progress", "chart_title": "Cumulative pledges and target", "forecast": "Forecast",
            "forecast_range": "likely range", "latest": "Latest contributors", "anonymous": "anonymous", "news": "News",
            "stretch": "Stretch goal", "reached": "reached", "target": "Target", "no_campaign": "No campaign is running.",
            "when": "When", "where": "Where", "film": "The film", "no_screening": "The premiere's date is not set yet.",
            "error": "Error", "back": "Back to the campaign", 
            "login": "Team sign-in", "token": "Token", "sign_in": "Sign in", "sign_out": "Sign out",
            "dashboard": "Dashboard", "pledges": "Pledges", "expenses": "Expenses", "shoots": "Shooting days",
            "people": "People", "releases": "Releases", "logs": "Interview logs", "forecast_none": "no forecast yet",
            "confidence_low": "low confidence", "confidence_medium": "medium confidence", "confidence_high": "high confidence",
            "confidence_final": "final", "confidence_none": "", "not_found": "There is no such page.",
            "l_amount": "amount", "l_name": "name", "l_email": "e-mail", "l_public_name": "public name", "l_anonymous": "anonymous", "l_tier": "tier", "l_status": "status", "l_date": "date", "l_add": "Add", "l_line": "line", "l_payee": "payee", "l_payable": "payable", "l_note": "note", "l_all": "all", "l_search": "search", "l_tag": "tag", "l_subject": "subject", "l_kind": "kind", "l_cleared": "cleared", "l_why_not": "why not", "l_usage": "usage", "l_territory": "territory", "l_on": "on", "l_spaces": "spaces", "l_participants": "participants", "l_crew": "crew", "l_call": "call", "l_wrap": "wrap", "l_role": "role", "l_phone": "phone", "l_minor": "minor", "l_guardian": "guardian", "l_ref": "ref", "l_estimate": "estimate", "l_actual": "actual", "l_received": "received", "l_gap": "funding gap", "l_funding": "Funding", "l_source": "source", "l_planned": "planned", "l_expected": "expected", "l_fees": "fees", "l_rewards": "rewards", "l_net": "net", "l_uncovered": "spent but not received", "l_shoot": "shoot", "l_person": "person", "l_in": "in", "l_out": "out", "l_text": "text", "l_public": "shown as", "footage": "Footage", "cut": "Cut", "l_card": "card", "l_camera": "camera", "l_files": "files", "l_size": "size", "l_copies": "copies", "l_verified": "verified", "l_failed": "FAILED", "l_clip": "clip", "l_start": "start", "l_frames": "frames", "l_fps": "fps", "l_persons": "people", "l_space": "space", "l_model": "model", "l_record": "record", "l_source_tc": "source", "l_unmatched": "events matching no known clip", "l_gate_ok": "Cut cleared", "l_gate_no": "Cut NOT cleared", "l_no_cut": "No cut imported yet: osmose cut import FILE.", "l_no_cards": "No card yet: osmose footage ingest CARD --shoot DATE --camera NAME.",
        ],
    ]
}

/// The frame every HTML page is drawn in.
struct PageFrame {
    let lang: Language
    let title: String
    let path: String
    let content: String
    var team: Bool = false

    var context: [String: Any] {
        ["lang": lang.rawValue, "title": title, "content": content, "t": lang.strings, "team": team,
         "switchHref": path + "?lang=" + lang.other.rawValue]
    }
}
