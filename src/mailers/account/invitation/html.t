<!doctype html>
<html lang="fr">
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #161616; max-width: 36em;">
  <p>Bonjour,</p>
  <p>{{ inviter | escape }} vous invite à rejoindre <strong>{{ organisation | escape }}</strong> sur Relais{% if role_label %}, en tant que {{ role_label | escape }}{% endif %}.</p>
  <p>{% if is_seeker %}Relais vous aide à trouver les entreprises près de chez vous qui recrutent pour les métiers que vous cherchez, même sans offre publiée, et à suivre vos candidatures avec votre conseiller.{% else %}Relais vous permet d'accompagner les personnes que vous suivez dans leurs candidatures spontanées.{% endif %}</p>
  <p><a href="{{ link | escape }}" style="display: inline-block; background: #000091; color: #ffffff; padding: 0.75em 1.5em; text-decoration: none;">Accepter l'invitation</a></p>
  <p style="font-size: 14px;">Ce lien est valable jusqu'au {{ expires_on | escape }}. Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br>{{ link | escape }}</p>
  <p style="font-size: 14px;">Si vous ne vous attendiez pas à ce message, ignorez-le.</p>
  <p>{{ sender | escape }}</p>
</body>
</html>
