/* relais-names.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Hand-written lists, not drawn from any register of real people: common
 * French first names and surnames of several generations and origins, so
 * that a demo portfolio reads like a real one.
 */

#define G_LOG_DOMAIN "relais-names"

#include "config.h"

#include "relais-names.h"

static const char *const prenoms_feminins[] = {
  "Camille",  "Léa",      "Manon",    "Chloé",     "Emma",      "Inès",       "Jade",
  "Louise",   "Alice",    "Lina",     "Sarah",     "Julie",     "Laura",      "Marie",
  "Anaïs",    "Océane",   "Mélanie",  "Aurélie",   "Élodie",    "Céline",     "Sandrine",
  "Nathalie", "Isabelle", "Sylvie",   "Valérie",   "Stéphanie", "Christelle", "Émilie",
  "Audrey",   "Pauline",  "Justine",  "Clémence",  "Margaux",   "Noémie",     "Maëlle",
  "Gaëlle",   "Solène",   "Anaëlle",  "Héloïse",   "Agathe",    "Zoé",        "Amandine",
  "Virginie", "Karine",   "Patricia", "Catherine", "Françoise", "Martine",    "Brigitte",
  "Monique",  "Josiane",  "Yasmine",  "Fatima",    "Nadia",     "Samira",     "Leïla",
  "Amina",    "Aïcha",    "Myriam",   "Sonia",     "Mélissa",   "Priscilla",  "Coralie",
  "Ophélie",  "Bérénice", "Nolwenn",  "Gwenaëlle", "Maëva",     "Tiphaine",   "Soizic",
  "Rozenn",   "Fanny",    "Hélène",   "Geneviève", "Chantal",
};

static const char *const prenoms_masculins[] = {
  "Lucas",    "Hugo",       "Louis",    "Gabriel",     "Arthur",    "Jules",     "Nathan",
  "Théo",     "Tom",        "Raphaël",  "Maël",        "Noé",       "Enzo",      "Mathis",
  "Baptiste", "Antoine",    "Maxime",   "Alexandre",   "Nicolas",   "Julien",    "Thomas",
  "Kévin",    "Jérémy",     "Anthony",  "Romain",      "Guillaume", "Sébastien", "Frédéric",
  "Stéphane", "Christophe", "Laurent",  "Olivier",     "Philippe",  "Thierry",   "Pascal",
  "Éric",     "Hervé",      "Gérard",   "Jean-Pierre", "Jean-Luc",  "Michel",    "Patrick",
  "Bernard",  "Dominique",  "Jérôme",   "Cédric",      "Grégory",   "Ludovic",   "Loïc",
  "Yannick",  "Gwenaël",    "Erwan",    "Ronan",       "Yann",      "Mickaël",   "Benoît",
  "François", "Joël",       "Noël",     "Mehdi",       "Karim",     "Rachid",    "Youssef",
  "Mohamed",  "Samir",      "Bilal",    "Ibrahim",     "Moussa",    "Amadou",    "Mamadou",
  "Kylian",   "Timothée",   "Valentin", "Quentin",     "Adrien",
};

static const char *const noms[] = {
  "Martin",    "Bernard",    "Thomas",   "Petit",       "Robert",    "Richard",   "Durand",
  "Dubois",    "Moreau",     "Laurent",  "Simon",       "Michel",    "Lefèvre",   "Leroy",
  "Roux",      "David",      "Bertrand", "Morel",       "Fournier",  "Girard",    "Bonnet",
  "Dupont",    "Lambert",    "Fontaine", "Rousseau",    "Vincent",   "Muller",    "Lefebvre",
  "Faure",     "André",      "Mercier",  "Blanc",       "Guérin",    "Boyer",     "Garnier",
  "Chevalier", "François",   "Legrand",  "Gauthier",    "Garcia",    "Perrin",    "Robin",
  "Clément",   "Morin",      "Nicolas",  "Henry",       "Roussel",   "Mathieu",   "Gautier",
  "Masson",    "Marchand",   "Duval",    "Denis",       "Dumont",    "Marie",     "Lemaire",
  "Noël",      "Meyer",      "Dufour",   "Meunier",     "Brun",      "Blanchard", "Giraud",
  "Joly",      "Rivière",    "Lucas",    "Brunet",      "Gaillard",  "Barbier",   "Arnaud",
  "Martínez",  "Gérard",     "Roche",    "Renard",      "Schmitt",   "Roy",       "Leroux",
  "Colin",     "Vidal",      "Caron",    "Picard",      "Roger",     "Fabre",     "Aubert",
  "Lemoine",   "Renaud",     "Dumas",    "Lacroix",     "Olivier",   "Philippe",  "Bourgeois",
  "Pierre",    "Benoît",     "Rey",      "Leclerc",     "Payet",     "Rolland",   "Leclercq",
  "Guillaume", "Lecomte",    "López",    "Jean",        "Dupuy",     "Guillot",   "Hubert",
  "Berger",    "Carpentier", "Sánchez",  "Dupuis",      "Moulin",    "Louis",     "Deschamps",
  "Huet",      "Vasseur",    "Perez",    "Boucher",     "Fleury",    "Royer",     "Klein",
  "Jacquet",   "Adam",       "Paris",    "Poirier",     "Marty",     "Aubry",     "Guyot",
  "Carré",     "Charles",    "Renault",  "Charpentier", "Ménard",    "Maillard",  "Baron",
  "Bertin",    "Bailly",     "Hervé",    "Schneider",   "Fernández", "Le Gall",   "Collet",
  "Léger",     "Bouvier",    "Julien",   "Prévost",     "Millet",    "Perrot",    "Daniel",
  "Le Roux",   "Cousin",     "Germain",  "Breton",      "Besson",    "Langlois",  "Rémy",
  "Le Goff",   "Pelletier",  "Lévêque",  "Perrier",     "Leblanc",   "Barré",     "Lebrun",
  "Marchal",   "Weber",      "Mallet",   "Hamon",       "Boulanger", "Jacob",     "Monnier",
  "Michaud",   "Rodríguez",  "Guichard", "Gillet",      "Étienne",   "Grondin",   "Poulain",
  "Tessier",   "Chevallier", "Collin",   "Chauvin",     "Da Silva",  "Bouchet",   "Gay",
  "Lemaître",  "Bénard",     "Maréchal", "Humbert",     "Reynaud",   "Antoine",   "Hoarau",
  "Perret",    "Barthélemy", "Cordier",  "Pichon",      "Lejeune",   "Gilbert",   "Lamy",
  "Delaunay",  "Pasquier",   "Carlier",  "Laporte",     "Le Bihan",  "Kerouédan", "Tanguy",
  "Guéguen",   "Le Floc'h",  "Diallo",   "Traoré",      "Benali",    "Haddad",    "Nguyen",
  "Mendès",    "Ferreira",   "Cissé",    "Bensaïd",     "Kaya",
};

static const char *const types_voie[] = {
  "rue",     "rue",   "rue",    "avenue", "boulevard", "allée",
  "impasse", "place", "chemin", "square", "résidence", "quai",
};

static const char *const voies[] = {
  "de la Gare",
  "du Général de Gaulle",
  "Jean Jaurès",
  "Victor Hugo",
  "de la République",
  "Pasteur",
  "des Lilas",
  "des Écoles",
  "de l'Église",
  "du Moulin",
  "des Tilleuls",
  "Jules Ferry",
  "de Bretagne",
  "de la Liberté",
  "Gambetta",
  "Anatole France",
  "des Acacias",
  "Saint-Hélier",
  "de Brest",
  "de Nantes",
  "du Stade",
  "des Peupliers",
  "Émile Zola",
  "de la Poste",
  "des Champs",
  "Louise Michel",
  "Simone Veil",
  "du Château",
  "de la Fontaine",
  "des Roses",
  "du Maréchal Leclerc",
  "Aristide Briand",
  "des Forges",
  "de la Mairie",
  "de Verdun",
  "Pierre et Marie Curie",
  "du Bois",
  "de Normandie",
  "des Vergers",
  "de la Prévalaye",
};

static const char *const enseignes[] = {
  "Transports", "Boulangerie", "Boucherie",   "Garage",          "Entreprise", "Maçonnerie",
  "Menuiserie", "Plomberie",   "Électricité", "Nettoyage",       "Logistique", "Restaurant",
  "Brasserie",  "Hôtel",       "Jardins",     "Paysages",        "Ambulances", "Pharmacie",
  "Cabinet",    "Imprimerie",  "Couverture",  "Peinture",        "Services",   "Distribution",
  "Industries", "Ateliers",    "Menuiseries", "Aide à domicile", "Auto-école", "Conserverie",
};

static const char *const competences[] = {
  "Travail en équipe",
  "Respect des règles d'hygiène et de sécurité",
  "Permis B",
  "CACES R489 catégorie 1",
  "CACES R489 catégorie 3",
  "CACES R489 catégorie 5",
  "Accueil de la clientèle",
  "Gestion des stocks",
  "Utilisation d'un terminal de saisie",
  "Préparation de commandes",
  "Conduite de chariot élévateur",
  "Encaissement",
  "Mise en rayon",
  "Techniques de nettoyage",
  "Utilisation d'une autolaveuse",
  "Bureautique (Word, Excel)",
  "Saisie de données",
  "Accueil téléphonique",
  "Rédaction de courriers",
  "Relation avec les personnes âgées",
  "Aide à la toilette",
  "Préparation des repas",
  "Entretien du linge",
  "Lecture de plans",
  "Travail en hauteur",
  "Habilitation électrique B1V",
  "SST (sauveteur secouriste du travail)",
  "Anglais courant",
  "Permis C",
  "FIMO marchandises",
  "Port de charges",
  "Horaires décalés",
  "Travail de nuit",
  "Autonomie",
  "Rigueur",
  "Sens du service",
  "Ponctualité",
  "Maîtrise d'un logiciel de paie",
  "Vente conseil",
  "Tenue de caisse",
};

/* "label|nature": nature is one of relais_natures_action. */
static const char *const actions[] = {
  "Atelier « Cibler mon projet »|atelier",
  "Atelier « Réussir mon entretien d'embauche »|atelier",
  "Atelier « Mettre à jour mon CV »|atelier",
  "Prestation Activ'Projet|prestation",
  "Prestation Activ'Emploi|prestation",
  "Formation CACES R489|formation",
  "Formation préalable au recrutement (AFPR)|formation",
  "Titre professionnel Agent de propreté et d'hygiène|formation",
  "Période de mise en situation en milieu professionnel (PMSMP)|immersion",
  "Candidater à trois offres par semaine|candidature",
  "Contacter les entreprises de la zone d'activité|demarche",
  "Créer son profil de compétences en ligne|demarche",
  "Demande d'aide à la mobilité|aide",
  "Rendez-vous avec l'assistante sociale du département|autre",
  "Inscription à un job dating|candidature",
  "Bilan de compétences|prestation",
};

static const char *const constats[] = {
  "Tensions fortes sur la logistique et l'aide à domicile",
  "Nombreux DE ciblant la préparation de commandes (N1103)",
  "Besoins de recrutement saisonniers dans l'agroalimentaire",
  "Entreprises du BTP peu autonomes en recrutement",
  "Freins de mobilité marqués hors de la métropole",
  "Ouverture d'une plateforme logistique au second semestre",
};

#define LIST(a)                                                                                    \
  {                                                                                                \
    a, G_N_ELEMENTS (a)                                                                            \
  }

static const RelaisNameList lists[RELAIS_NAMES_N_LISTS] = {
  [RELAIS_NAMES_PRENOMS_FEMININS] = LIST (prenoms_feminins),
  [RELAIS_NAMES_PRENOMS_MASCULINS] = LIST (prenoms_masculins),
  [RELAIS_NAMES_NOMS] = LIST (noms),
  [RELAIS_NAMES_TYPES_VOIE] = LIST (types_voie),
  [RELAIS_NAMES_VOIES] = LIST (voies),
  [RELAIS_NAMES_ENSEIGNES] = LIST (enseignes),
  [RELAIS_NAMES_COMPETENCES] = LIST (competences),
  [RELAIS_NAMES_ACTIONS] = LIST (actions),
  [RELAIS_NAMES_CONSTATS] = LIST (constats),
};

const RelaisNameList *
relais_names_get (RelaisNames which)
{
  g_return_val_if_fail (which < RELAIS_NAMES_N_LISTS, NULL);

  return &lists[which];
}
