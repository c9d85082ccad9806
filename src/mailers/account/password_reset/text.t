Bonjour {{ name }},

Vous avez demandé à changer votre mot de passe Relais. Ouvrez ce lien pour en choisir un nouveau (valable 24 heures, une seule fois) :
{{ link }}

Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.

--
Relais
