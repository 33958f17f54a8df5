/* relais-domain.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The vocabulary of the trade shared by validation, the demo generator and
 * the rules: document types, the allowed values of enumerated fields, the
 * figures DOMAIN.md fixes, and checks of the identifiers the trade uses
 * (SIRET, ROME, INSEE…). Field by field description: DOCUMENTS.md.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Values of "type", also the prefix of every "_id" ("de:…"). */
#define RELAIS_DOC_TYPE_AGENCE "agence"
#define RELAIS_DOC_TYPE_CONSEILLER "conseiller"
#define RELAIS_DOC_TYPE_PORTEFEUILLE "portefeuille"
#define RELAIS_DOC_TYPE_DE "de"
#define RELAIS_DOC_TYPE_ENTRETIEN "entretien"
#define RELAIS_DOC_TYPE_ACTION "action"
#define RELAIS_DOC_TYPE_CONTACT "contact"
#define RELAIS_DOC_TYPE_ENTREPRISE "entreprise"
#define RELAIS_DOC_TYPE_OFFRE "offre"
#define RELAIS_DOC_TYPE_CANDIDATURE "candidature"
#define RELAIS_DOC_TYPE_DIAGNOSTIC "diagnostic"
#define RELAIS_DOC_TYPE_ACTION_PROSPECTION "action_prospection"
#define RELAIS_DOC_TYPE_POSTE "poste"
#define RELAIS_DOC_TYPE_AFFECTATION "affectation"

/* Figures fixed by DOMAIN.md. */
#define RELAIS_RENFORCE_MAX_DE 70     /* portefeuille renforcé */
#define RELAIS_EID_MINUTES 50         /* one EID slot */
#define RELAIS_EID_N_ETAPES 6         /* the six steps of the EID */
#define RELAIS_AJUSTEMENT_MAX_DAYS 14 /* entretien d'ajustement after its EID */
#define RELAIS_REFERENT_MAX_MONTHS 4  /* référent designated by month 4 */
#define RELAIS_RELANCE_CLOTURE_DAYS 8 /* offer closed without answer to the relance */
#define RELAIS_ADJOINT_MIN_AGENTS 40  /* a directeur adjoint needs more agents than this */
#define RELAIS_ADJOINT_MIN_EQUIPES 3  /* … and at least this many teams */

/* NULL-terminated lists of allowed values, in the order of DOCUMENTS.md. */
extern const char *const relais_modalites[];        /* suivi guide renforce global */
extern const char *const relais_roles_conseiller[]; /* directeur, rep, conseiller… */
extern const char *const relais_types_site[];       /* agence_proximite… */
extern const char *const relais_natures_point_accueil[];
extern const char *const relais_freins_themes[];  /* garde_enfants mobilite… */
extern const char *const relais_freins_statuts[]; /* identifie en_cours leve */
extern const char *const relais_orientations[];   /* professionnelle… */
extern const char *const relais_decisions_commission[];
extern const char *const relais_disponibilites[];
extern const char *const relais_natures_entretien[]; /* eid ajustement m4 m9 intermediaire */
extern const char *const relais_statuts_entretien[]; /* planifie realise annule absent */
extern const char *const relais_modes_entretien[];   /* physique telephone visio */
extern const char *const relais_eid_etapes[];        /* the six steps, in order */
extern const char *const relais_natures_action[];
extern const char *const relais_statuts_action[];
extern const char *const relais_sens_contact[]; /* entrant sortant */
extern const char *const relais_canaux_contact[];
extern const char *const relais_statuts_escalade[];  /* ouverte traitee */
extern const char *const relais_tranches_effectif[]; /* INSEE codes */
extern const char *const relais_autonomies_rh[];
extern const char *const relais_types_contrat[];     /* France Travail codes */
extern const char *const relais_exigences[];         /* E S */
extern const char *const relais_niveaux_service[];   /* appui accompagnement */
extern const char *const relais_diffusions[];        /* nominatif visibilite anonyme */
extern const char *const relais_preselections[];     /* verification valorisation evaluation */
extern const char *const relais_outils_evaluation[]; /* MRS EMTPR ECCP */
extern const char *const relais_statuts_offre[];     /* diagnostic recueil traitement cloturee */
extern const char *const relais_motifs_cloture[];
extern const char *const relais_services_offre[]; /* journal de l'offre */
extern const char *const relais_statuts_candidature[];
extern const char *const relais_origines_candidature[];
extern const char *const relais_objectifs_prospection[];
extern const char *const relais_modalites_prospection[];
extern const char *const relais_statuts_prospection[];

gboolean relais_str_in (const char *value, const char *const *values);
char *relais_str_join_values (const char *const *values);

gboolean relais_date_parse (const char *text, GDate *date);
gboolean relais_datetime_parse (const char *text, GDate *date);
gboolean relais_siren_is_valid (const char *siren);
gboolean relais_siret_is_valid (const char *siret);
gboolean relais_identifiant_de_is_valid (const char *identifiant);
gboolean relais_code_rome_is_valid (const char *code);
gboolean relais_code_insee_is_valid (const char *code);
gboolean relais_code_postal_is_valid (const char *code);
gboolean relais_code_naf_is_valid (const char *code);
gboolean relais_email_is_valid (const char *email);
gboolean relais_telephone_is_valid (const char *telephone);

G_END_DECLS
