"""Writes a HelloAsso order export of N rows on standard output (BOM, ';', decimal commas)."""
import sys

rows = int(sys.argv[1])
tiers = [("Merci !", "10,00"), ("Carte postale du film", "20,00"), ("Invitation à l'avant-première", "35,00"),
         ("Duo avant-première", "60,00"), ("", "25,50")]
statuses = ["Validé"] * 17 + ["Remboursé", "Refusé", "Annulé"]
out = sys.stdout
out.write("\ufeffRéférence commande;Date de la commande;Statut de la commande;Nom participant;Prénom participant;"
          "Nom payeur;Prénom payeur;Email payeur;Moyen de paiement;Tarif;Montant tarif;Code Promo\r\n")
for i in range(1, rows + 1):
    tier, amount = tiers[i % len(tiers)]
    day = 14 + i % 17
    out.write(f"{10_000_000 + i};{day:02d}/09/2015 {i % 24:02d}:{i % 60:02d};{statuses[i % len(statuses)]};"
              f"Nom{i};Prénom{i % 300};Nom{i};Prénom{i % 300};contrib{i % 40_000}@example.org;Carte bancaire;{tier};{amount};\r\n")
