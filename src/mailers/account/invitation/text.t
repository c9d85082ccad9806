Bonjour,

{{ inviter }} vous invite à rejoindre {{ organisation }} sur Relais{% if role_label %}, en tant que {{ role_label }}{% endif %}.

{% if is_seeker %}Relais vous aide à trouver les entreprises près de chez vous qui recrutent pour les métiers que vous cherchez, même sans offre publiée, et à suivre vos candidatures avec votre conseiller.{% else %}Relais vous permet d'accompagner les personnes que vous suivez dans leurs candidatures spontanées.{% endif %}

Pour accepter l'invitation, ouvrez ce lien (valable jusqu'au {{ expires_on }}) :
{{ link }}

Si vous ne vous attendiez pas à ce message, ignorez-le.

--
{{ sender }}
