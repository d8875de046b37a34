import Foundation

// The demo production's budget files, as they stand in the repository's budgets/ folder (a test
// checks that the two never drift apart). Amounts are illustrative.

extension DemoProduction {
    /// Budget versions: the estimate sent to the funder and the revised, current one.
    public static let budgetFiles: [(name: String, text: String)] = [
        ("2015-04-estimate.toml", #"""
# Travailler en micro-osmose — the estimate sent to the funder, April 2015.
# ILLUSTRATIVE AMOUNTS: the sources give no figure but the €2,500 campaign target.
# Amounts are TTC (the producing association cannot recover VAT).

[budget]
title = "Devis initial (avril 2015)"
date = 2015-04-10
current = false
currency = "EUR"
note = "Illustrative amounts. The grant paid the shoot; the campaign pays post-production."

# ---------------------------------------------------------------------------
# Funding sources: who pays. Each has an id (after "funding.") that lines name.

[funding.pictanovo]
kind = "grant"
name = "Bourse du fonds associatif PICTANOVO"
amount = "5 000 €"

  [[funding.pictanovo.instalment]]
  amount = "3 500 €"
  due = 2015-05-15
  condition = "on signature of the grant agreement"

  [[funding.pictanovo.instalment]]
  amount = "1 500 €"
  due = 2016-01-31
  condition = "on delivery of the film and of the compte-rendu financier"

[funding.campagne]
kind = "crowdfunding"
name = "Campagne de financement participatif"
amount = 2900

[funding.association]
kind = "own"
name = "Fonds propres de l'association"
amount = 450

[funding.benevolat]
kind = "in-kind"
name = "Travail bénévole des réalisatrices"
amount = "3 200 €"
valuation = "40 days of directing at 80 € a day"

# ---------------------------------------------------------------------------
# Lines: code, CNC devis chapter, label, estimate, and the sources meant to pay.

[[line]]
code = "1.1"
chapter = 1               # Droits artistiques
label = "Réalisation (bénévole)"
estimate = "3 200 €"
paid_by = ["benevolat"]

[[line]]
code = "2.1"
chapter = 2               # Personnel
label = "Preneur de son, 6 jours"
estimate = "1 250 €"
paid_by = ["pictanovo"]

[[line]]
code = "2.2"
chapter = 2
label = "Cadreur, 6 jours"
estimate = "1 250 €"
paid_by = ["pictanovo"]

[[line]]
code = "6.1"
chapter = 6               # Transports, défraiements, régie
label = "Déplacements et repas de tournage"
estimate = 150
paid_by = ["pictanovo"]

[[line]]
code = "7.1"
chapter = 7               # Moyens techniques
label = "Location caméra et optiques"
estimate = "1 600 €"
paid_by = ["pictanovo"]

[[line]]
code = "7.2"
chapter = 7
label = "Location matériel son"
estimate = 450
paid_by = ["pictanovo"]

[[line]]
code = "8.1"
chapter = 8               # Pellicules, laboratoires et post-production
label = "Montage"
estimate = "2 000 €"
paid_by = ["campagne"]

[[line]]
code = "8.2"
chapter = 8
label = "Mixage son"
estimate = 500
paid_by = ["campagne"]

[[line]]
code = "8.3"
chapter = 8
label = "Étalonnage"
estimate = 400
paid_by = ["campagne"]

[[line]]
code = "8.4"
chapter = 8
label = "Supports, export et DCP de projection"
estimate = 250
paid_by = ["association"]

[[line]]
code = "8.5"
chapter = 8
label = "Sous-titrage anglais (palier)"
estimate = 450
paid_by = ["campagne"]

[[line]]
code = "9.1"
chapter = 9               # Assurances et divers
label = "Assurance tournage"
estimate = 300
paid_by = ["pictanovo"]

[[line]]
code = "10.1"
chapter = 10              # Frais généraux
label = "Frais de gestion de l'association"
estimate = 200
paid_by = ["association"]

# ---------------------------------------------------------------------------
# The campaign, on a small local volunteer platform.

[campaign]
platform = "Plateforme locale bénévole"
model = "keep-it-all"     # or "all-or-nothing"
target = "2 900 €"
opens = 2015-09-01
closes = 2015-10-31
fee_percent = "3 %"       # on each collected pledge…
fee_fixed = "0,25 €"      # …plus this per pledge
pitch = """
Un documentaire sur le coworking à Lille. Cinq travailleurs indépendants filmés tout au long \
de leur journée dans trois tiers-lieux : L'Usine Bis, La Coroutine et le Mutualab. Pourquoi \
aiment-ils ces endroits ? Gagnent-ils bien leur vie ? Sont-ils heureux dans leur activité ? \
Y a-t-il un peu de militantisme dans leur façon de vivre et de travailler ? La bourse \
PICTANOVO a payé le tournage ; votre contribution paiera le montage, le mixage et l'étalonnage."""
pitch_en = """
A documentary about coworking in Lille. Five independent workers filmed through their working \
day in three shared workplaces: L'Usine Bis, La Coroutine and Mutualab. Why do they like these \
places? Do they earn a living? Are they happy in their work? Is there some militancy in how \
they live and work? A PICTANOVO grant paid for the shoot; your pledge pays for the editing, \
the sound mix and the colour grading."""

[[campaign.tier]]
title = "Merci !"
minimum = 10
description = "Votre nom dans les remerciements, sur la page du film."

[[campaign.tier]]
title = "Carte postale du film"
minimum = 20
unit_cost = "2,50 €"

[[campaign.tier]]
title = "Invitation à l'avant-première"
minimum = 35
limit = 60
unit_cost = 4
premiere_seats = 1
description = "Une place à l'avant-première, au Cinéma l'Univers, le 30 novembre 2015."

[[campaign.tier]]
title = "Duo avant-première"
minimum = 60
limit = 30
unit_cost = 8
premiere_seats = 2

[[campaign.tier]]
title = "DVD et avant-première"
minimum = 100
limit = 20
unit_cost = 12
premiere_seats = 2

[[campaign.tier]]
title = "Producteur associé"
minimum = 250
limit = 5
unit_cost = 20
premiere_seats = 2
description = "Votre nom au générique de fin."

[[campaign.stretch_goal]]
amount = "3 400 €"
title = "Sous-titres anglais"
unlocks = ["8.5"]

"""#),
        ("2015-09-revised.toml", #"""
# Travailler en micro-osmose — revised budget, September 2015.
# ILLUSTRATIVE AMOUNTS: the sources give no figure but the €2,500 campaign target.
# Amounts are TTC (the producing association cannot recover VAT).

[budget]
title = "Devis révisé (septembre 2015)"
date = 2015-09-01
current = true            # the version reports use; only one file says so
currency = "EUR"
note = "Illustrative amounts. The grant paid the shoot; the campaign pays post-production."

# ---------------------------------------------------------------------------
# Funding sources: who pays. Each has an id (after "funding.") that lines name.

[funding.pictanovo]
kind = "grant"
name = "Bourse du fonds associatif PICTANOVO"
amount = "5 000 €"

  [[funding.pictanovo.instalment]]
  amount = "3 500 €"
  due = 2015-05-15
  condition = "on signature of the grant agreement"

  [[funding.pictanovo.instalment]]
  amount = "1 500 €"
  due = 2016-01-31
  condition = "on delivery of the film and of the compte-rendu financier"

[funding.campagne]
kind = "crowdfunding"
name = "Campagne de financement participatif"
amount = 2500

[funding.association]
kind = "own"
name = "Fonds propres de l'association"
amount = 450

[funding.benevolat]
kind = "in-kind"
name = "Travail bénévole des réalisatrices"
amount = "3 200 €"
valuation = "40 days of directing at 80 € a day"

# ---------------------------------------------------------------------------
# Lines: code, CNC devis chapter, label, estimate, and the sources meant to pay.

[[line]]
code = "1.1"
chapter = 1               # Droits artistiques
label = "Réalisation (bénévole)"
estimate = "3 200 €"
paid_by = ["benevolat"]

[[line]]
code = "2.1"
chapter = 2               # Personnel
label = "Preneur de son, 6 jours"
estimate = "1 250 €"
paid_by = ["pictanovo"]

[[line]]
code = "2.2"
chapter = 2
label = "Cadreur, 6 jours"
estimate = "1 250 €"
paid_by = ["pictanovo"]

[[line]]
code = "6.1"
chapter = 6               # Transports, défraiements, régie
label = "Déplacements et repas de tournage"
estimate = 350
paid_by = ["pictanovo"]

[[line]]
code = "7.1"
chapter = 7               # Moyens techniques
label = "Location caméra et optiques"
estimate = "1 400 €"
paid_by = ["pictanovo"]

[[line]]
code = "7.2"
chapter = 7
label = "Location matériel son"
estimate = 450
paid_by = ["pictanovo"]

[[line]]
code = "8.1"
chapter = 8               # Pellicules, laboratoires et post-production
label = "Montage"
estimate = "1 600 €"
paid_by = ["campagne"]

[[line]]
code = "8.2"
chapter = 8
label = "Mixage son"
estimate = 500
paid_by = ["campagne"]

[[line]]
code = "8.3"
chapter = 8
label = "Étalonnage"
estimate = 400
paid_by = ["campagne"]

[[line]]
code = "8.4"
chapter = 8
label = "Supports, export et DCP de projection"
estimate = 250
paid_by = ["association"]

[[line]]
code = "8.5"
chapter = 8
label = "Sous-titrage anglais (palier)"
estimate = 450
paid_by = ["campagne"]

[[line]]
code = "9.1"
chapter = 9               # Assurances et divers
label = "Assurance tournage"
estimate = 300
paid_by = ["pictanovo"]

[[line]]
code = "10.1"
chapter = 10              # Frais généraux
label = "Frais de gestion de l'association"
estimate = 200
paid_by = ["association"]

# ---------------------------------------------------------------------------
# The campaign, on a small local volunteer platform.

[campaign]
platform = "Plateforme locale bénévole"
model = "keep-it-all"     # or "all-or-nothing"
target = "2 500 €"
opens = 2015-09-14
closes = 2015-11-15
fee_percent = "3 %"       # on each collected pledge…
fee_fixed = "0,25 €"      # …plus this per pledge
pitch = """
Un documentaire sur le coworking à Lille. Cinq travailleurs indépendants filmés tout au long \
de leur journée dans trois tiers-lieux : L'Usine Bis, La Coroutine et le Mutualab. Pourquoi \
aiment-ils ces endroits ? Gagnent-ils bien leur vie ? Sont-ils heureux dans leur activité ? \
Y a-t-il un peu de militantisme dans leur façon de vivre et de travailler ? La bourse \
PICTANOVO a payé le tournage ; votre contribution paiera le montage, le mixage et l'étalonnage."""
pitch_en = """
A documentary about coworking in Lille. Five independent workers filmed through their working \
day in three shared workplaces: L'Usine Bis, La Coroutine and Mutualab. Why do they like these \
places? Do they earn a living? Are they happy in their work? Is there some militancy in how \
they live and work? A PICTANOVO grant paid for the shoot; your pledge pays for the editing, \
the sound mix and the colour grading."""

[[campaign.tier]]
title = "Merci !"
minimum = 10
description = "Votre nom dans les remerciements, sur la page du film."

[[campaign.tier]]
title = "Affiche sérigraphiée"
minimum = 15
limit = 30
unit_cost = "14,50 €"
description = "Une affiche sérigraphiée du film, envoyée par la poste."

[[campaign.tier]]
title = "Carte postale du film"
minimum = 20
unit_cost = "2,50 €"

[[campaign.tier]]
title = "Invitation à l'avant-première"
minimum = 35
limit = 60
unit_cost = 4
premiere_seats = 1
description = "Une place à l'avant-première, au Cinéma l'Univers, le 30 novembre 2015."

[[campaign.tier]]
title = "Duo avant-première"
minimum = 60
limit = 30
unit_cost = 8
premiere_seats = 2

[[campaign.tier]]
title = "DVD et avant-première"
minimum = 100
limit = 20
unit_cost = 12
premiere_seats = 2

[[campaign.tier]]
title = "Producteur associé"
minimum = 250
limit = 5
unit_cost = 20
premiere_seats = 2
description = "Votre nom au générique de fin."

[[campaign.stretch_goal]]
amount = "3 000 €"
title = "Sous-titres anglais"
unlocks = ["8.5"]

"""#),
    ]
}
