<!doctype html>
<html lang="fr">
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #161616; max-width: 36em;">
  <p>Bonjour {{ name | escape }},</p>
  <p>Vous avez demandé à changer votre mot de passe Relais.</p>
  <p><a href="{{ link | escape }}" style="display: inline-block; background: #000091; color: #ffffff; padding: 0.75em 1.5em; text-decoration: none;">Choisir un nouveau mot de passe</a></p>
  <p style="font-size: 14px;">Ce lien est valable 24 heures, une seule fois. Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br>{{ link | escape }}</p>
  <p style="font-size: 14px;">Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.</p>
  <p>Relais</p>
</body>
</html>
