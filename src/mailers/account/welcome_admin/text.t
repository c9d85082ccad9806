Bonjour,

Un compte d'administration de la plateforme Relais a été créé pour {{ email }}. Choisissez votre mot de passe avec ce lien (valable 24 heures, une seule fois) :
{{ link }}

--
Relais
