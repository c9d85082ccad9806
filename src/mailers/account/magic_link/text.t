Bonjour {{ name }},

Voici votre lien pour vous connecter à Relais (valable 30 minutes, une seule fois) :
{{ link }}

Si vous n'avez rien demandé, ignorez ce message.

--
Relais
